/**
 * The `ocr:` path of Immich's POST /search/smart: a query written in the `ocr:` grammar is
 * immich-lens's (the same test the search bar makes), planned by the one search plan and run as the
 * ranked OCR or hybrid search with Immich's access filters. Other queries stay on Immich's own CLIP
 * search.
 */
import { BadRequestException } from '@nestjs/common';
import { Kysely } from 'kysely';
import { hasOcrSyntax } from '../search/ocr-grammar';
import { planSearch, SearchPlan } from '../search/plan';
import { SearchQueryError } from '../search/query';
import { LensSearchRepository, SearchFilterOptions } from '../search/repository';

export type LensSearchPlan = SearchPlan;

/** Immich's search filters the ranking honours (the rest of SmartSearchDto filters the page). */
export type LensSearchFilters = SearchFilterOptions;

/**
 * null → not an immich-lens query. Throws a 400 for malformed queries and for free text that
 * needs CLIP when smart search is disabled (`ocr:` terms alone need no CLIP model).
 */
export function planLensSearch(query: string | undefined, clipEnabled: boolean): LensSearchPlan | null {
  if (!hasOcrSyntax(query)) return null;
  try {
    return planSearch(query, { available: clipEnabled, unavailableReason: 'Smart search is not enabled' });
  } catch (error) {
    if (error instanceof SearchQueryError) throw new BadRequestException(error.message);
    throw error;
  }
}

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
