import { ExpressionBuilder, Kysely, sql } from 'kysely';
import { AssetFilter } from './asset-filter';
import { ocrCandidates, OcrCandidatesOptions } from './ocr-candidates';
import { anyBucketTsquery } from './ocr-match';
import { LensDatabase } from './types';

interface DatePage {
  /** Immich's `ORDER BY fileCreatedAt, id` in this direction */
  order: 'asc' | 'desc';
  page: number;
  size: number;
}

/** OCR mode by date, sorting: up to `limit` matches from the index, sorted by date, with their count. */
export function sortedByDateQuery(db: Kysely<any>, { order, page, size, ...candidates }: OcrCandidatesOptions & DatePage) {
  return db
    .selectFrom(ocrCandidates(db, candidates).as('c'))
    .select(['c.assetId', 'c.fileCreatedAt', 'c.ocrScore', sql<string>`count(*) over ()`.as('matches')])
    .orderBy('c.fileCreatedAt', order)
    .orderBy('c.assetId', order)
    .limit(size + 1)
    .offset((page - 1) * size);
}

/** How many of the (at most `limit`) matches sortedByDateQuery sorts: for a page past them, which has no row to carry it. */
export function countMatchesQuery(db: Kysely<any>, candidates: OcrCandidatesOptions) {
  return db.selectFrom(ocrCandidates(db, candidates).as('c')).select(sql<string>`count(*)`.as('n'));
}

/**
 * OCR mode by date, walking: the assets the filter lets through, by date, each checked against the
 * precise tsquery (a primary-key lookup of its tsvector) until a page of matches (and one more) is
 * found. Only with sorting off does the planner walk asset_fileCreatedAt_idx (Immich has no
 * (fileCreatedAt, id) index) instead of sorting the library.
 */
export function walkByDateQuery(db: Kysely<any>, { precise, assets, order, page, size }: DatePage & { precise: string; assets: AssetFilter }) {
  const tsquery = anyBucketTsquery(precise);
  const byDate = assets(db).select(['asset.id as assetId', 'asset.fileCreatedAt']).orderBy('asset.fileCreatedAt', order).orderBy('asset.id', order);
  return db
    .selectFrom(byDate.as('a'))
    .innerJoinLateral(
      (eb) =>
        (eb as unknown as ExpressionBuilder<LensDatabase, never>)
          .selectFrom('lens_ocr_search')
          .select(sql<number>`ts_rank_cd(lens_ocr_search.tsv, ${tsquery}::tsquery)`.as('ocrScore'))
          .where('lens_ocr_search.assetId', '=', sql.ref<string>('a.assetId'))
          .where(sql<boolean>`ts_match_vq(lens_ocr_search.tsv, ${tsquery}::tsquery)`)
          .offset(0)
          .as('m'),
      (join) => join.onTrue(),
    )
    .select(['a.assetId', 'a.fileCreatedAt', 'm.ocrScore'])
    .orderBy('a.fileCreatedAt', order)
    .orderBy('a.assetId', order)
    .limit(size + 1)
    .offset((page - 1) * size);
}
