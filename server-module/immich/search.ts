/**
 * The `ocr:` path of Immich's POST /search/smart: a query written in the `ocr:` grammar is
 * immich-lens's (the same test the search bar makes), planned by the one search plan and run as the
 * ranked OCR or hybrid search with Immich's access filters. Other queries stay on Immich's own CLIP
 * search.
 */
import { BadRequestException } from '@nestjs/common';
import { Kysely } from 'kysely';
import { hasOcrSyntax } from '../ocr-text/ocr-grammar';
import { planOcrModeSearch, planQuery, SearchPlan } from '../search/plan';
import { checkSearchQuery, ocrModeQuery, readSearchQuery, SearchQueryError } from '../search/query';
import { AssetFilter } from '../search/asset-filter';
import { LensSearchRepository } from '../search/repository';

/** The search plan (the one query model), under the name Immich's patches import. */
export type { SearchPlan as LensSearchPlan } from '../search/plan';

/**
 * Immich's search options reduced to what filters the candidates: its `ocr` filter is the upstream
 * matcher the plan replaces, and `withExif` / `withFaces` / `withPeople` only add columns (the page's
 * rows are fetched with them afterwards).
 */
export function candidateFilterOptions<T extends { ocr?: unknown; withExif?: unknown; withFaces?: unknown; withPeople?: unknown }>(
  options: T,
): Omit<T, 'ocr' | 'withExif' | 'withFaces' | 'withPeople'> {
  const { ocr: _ocr, withExif: _exif, withFaces: _faces, withPeople: _people, ...filters } = options;
  return filters;
}

/**
 * The plan of a smart search (`query`, and the `ocr` filter if the request has one: its words are
 * OCR terms too), or null when neither uses OCR text: Immich's own CLIP search then runs untouched.
 * Throws a 400 for malformed queries and for free text that needs CLIP when smart search is disabled
 * (`ocr:` terms alone need no CLIP model).
 */
export function planLensSearch(query: string | undefined, clipEnabled: boolean, ocr?: string): SearchPlan | null {
  if (!hasOcrSyntax(query) && !ocr?.trim()) return null;
  return asBadRequest(() => {
    const typed = query?.trim() ? readSearchQuery(query) : { ocrTerms: [], freeText: '' };
    const ocrTerms = ocr?.trim() ? ocrModeQuery(ocr).ocrTerms : [];
    const parsed = checkSearchQuery({ ocrTerms: [...typed.ocrTerms, ...ocrTerms], freeText: typed.freeText });
    return planQuery(parsed, { available: clipEnabled, unavailableReason: 'Smart search is not enabled' });
  });
}

/** A query the user must fix becomes Nest's BadRequestException (Immich's 400). */
export function asBadRequest<T>(plan: () => T): T {
  try {
    return plan();
  } catch (error) {
    if (error instanceof SearchQueryError) throw new BadRequestException(error.message);
    throw error;
  }
}

/** Immich's OCR search mode (`POST /search/metadata {ocr}`): every word an OCR term; a 400 for unusable text. */
export function planLensOcrSearch(text: string): SearchPlan {
  return asBadRequest(() => planOcrModeSearch(text));
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

/**
 * Asset ids for one page (Immich's page/size) among the assets `assets` lets through (Immich: its
 * searchAssetBuilderLegacy with every filter of the request), filtered before ranking and paging:
 * best first, or by date taken when `order` is given (Immich's metadata search `order`).
 */
export async function searchLensAssetIds(
  db: Kysely<any>,
  plan: SearchPlan,
  assets: AssetFilter,
  pagination: { page: number; size: number },
  { embedding, order }: { embedding?: string; order?: 'asc' | 'desc' } = {},
): Promise<{ assetIds: string[]; hasNextPage: boolean }> {
  const repository = repositoryFor(db);
  const options = { assets, page: pagination.page, size: pagination.size, ocrTerms: plan.query.ocrTerms };
  const page =
    plan.mode === 'ocr'
      ? await repository.searchOcr({ ...options, order })
      : await repository.searchHybrid({ ...options, freeText: plan.query.freeText, embedding });
  return { assetIds: page.items.map((item) => item.assetId), hasNextPage: page.nextPage !== null };
}

/** Rows in the order of `ids` (the ranking); rows whose id is not in `ids` are dropped. */
export function orderByIds<T extends { id: string }>(rows: T[], ids: string[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

