/**
 * The `ocr:` path of Immich's POST /search/smart: decides whether a query is immich-lens's (it has
 * `ocr:` terms) and runs the ranked OCR or hybrid search with Immich's access filters. Queries
 * without `ocr:` terms stay on Immich's own CLIP search.
 */
import { BadRequestException } from '@nestjs/common';
import { Kysely } from 'kysely';
import { LensSearchRepository, parseSearchQuery, ParsedSearchQuery, SearchQueryError } from '../search';
import type { SearchFilterOptions } from '../search';

export type LensSearchPlan = { mode: 'ocr'; query: ParsedSearchQuery } | { mode: 'hybrid'; query: ParsedSearchQuery };

/** Cheap test that leaves every other query to Immich untouched. */
const OCR_PREFIX = /(^|\s)-?ocr:/i;

/**
 * null → not an immich-lens query. Throws a 400 for malformed queries and for free text that
 * needs CLIP when smart search is disabled (`ocr:` terms alone need no CLIP model).
 */
export function planLensSearch(query: string | undefined, clipEnabled: boolean): LensSearchPlan | null {
  if (query === undefined || !OCR_PREFIX.test(query.normalize('NFKC'))) return null;
  let parsed: ParsedSearchQuery;
  try {
    parsed = parseSearchQuery(query);
  } catch (error) {
    if (error instanceof SearchQueryError) throw new BadRequestException(error.message);
    throw error;
  }
  const positive = parsed.ocrTerms.filter((term) => !term.negated);
  if (!parsed.freeText && positive.length > 0) return { mode: 'ocr', query: parsed };
  if (parsed.freeText && !clipEnabled) {
    throw new BadRequestException(
      `Smart search is not enabled: "${parsed.freeText}" needs CLIP. Search OCR text alone with ocr: terms, e.g. ocr:${parsed.freeText.split(/\s+/)[0]}`,
    );
  }
  if (!parsed.freeText) throw new BadRequestException('The search query has only excluded ocr: terms; add a term to look for');
  return { mode: 'hybrid', query: parsed };
}

/** Immich's search filters the ranking honours (the rest of SmartSearchDto filters the page). */
export type LensSearchFilters = SearchFilterOptions;

const repositories = new WeakMap<object, LensSearchRepository>();

function repositoryFor(db: Kysely<any>): LensSearchRepository {
  let repository = repositories.get(db);
  if (!repository) {
    repository = new LensSearchRepository(db);
    repositories.set(db, repository);
  }
  return repository;
}

/** Ranked asset ids for one page (Immich's page/size), best first. */
export async function searchLensAssetIds(
  db: Kysely<any>,
  plan: LensSearchPlan,
  filters: LensSearchFilters,
  pagination: { page: number; size: number },
  embedding?: string,
): Promise<{ assetIds: string[]; hasNextPage: boolean }> {
  const repository = repositoryFor(db);
  const options = { ...filters, page: pagination.page, size: pagination.size, ocrTerms: plan.query.ocrTerms };
  const page =
    plan.mode === 'ocr'
      ? await repository.searchOcr(options)
      : await repository.searchHybrid({ ...options, freeText: plan.query.freeText, embedding });
  return { assetIds: page.items.map((item) => item.assetId), hasNextPage: page.nextPage !== null };
}

/** Rows in the order of `ids` (the ranking); rows whose id is not in `ids` are dropped. */
export function orderByIds<T extends { id: string }>(rows: T[], ids: string[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
