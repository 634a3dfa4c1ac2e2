import { ExpressionBuilder, Kysely, sql } from 'kysely';
import { AssetFilter } from './asset-filter';
import { OcrTsqueries } from './query';
import { bucketTsqueries } from './tsquery-text';
import { LensDatabase } from './types';

export interface OcrCandidatesOptions {
  tsqueries: OcrTsqueries;
  /** the assets the caller may see, checked as `check` says (see CandidateCheck) */
  assets: AssetFilter;
  check: 'lookup' | 'visible-set';
  /** whether the RUM index is there to read a bucket in rank order */
  rum: boolean;
  limit: number;
  offset?: number;
}

/**
 * `limit` OCR matches visible to the caller after skipping `offset`, with their ts_rank_cd, from a
 * scan per bucket (see BUCKETS in segment.ts): bucket after bucket, inside a bucket in RUM rank
 * order where RUM exists, else in index (physical) order. The LIMIT stops the scan in the first
 * bucket that fills it, so a frequent word costs one bucket's share of its matches. The index is
 * asked the index form of the query, and the precise form filters what it returns.
 */
export function ocrCandidates(db: Kysely<any>, { tsqueries, assets, check, rum, limit, offset = 0 }: OcrCandidatesOptions) {
  const buckets = (db as Kysely<LensDatabase>).selectFrom(
    sql<{ q: string; precise: string }>`(select * from unnest(${bucketTsqueries(tsqueries.index)}::tsquery[], ${bucketTsqueries(tsqueries.precise)}::tsquery[]) as u(q, precise))`.as('bucket'),
  );
  const matches = (eb: ExpressionBuilder<any, any>) => {
    const query = (eb as unknown as ExpressionBuilder<LensDatabase, 'lens_ocr_search'>)
      .selectFrom('lens_ocr_search')
      .innerJoinLateral(visibleAsset(db, 'lens_ocr_search', assets), (join) => join.onTrue())
      .select(['lens_ocr_search.assetId', 'visible.fileCreatedAt', sql<number>`ts_rank_cd(lens_ocr_search.tsv, bucket.precise)`.as('ocrScore')])
      .where(sql<boolean>`lens_ocr_search.tsv @@ bucket.q`)
      // the function, not the operator: a filter on the rows, never an index condition
      .where(sql<boolean>`ts_match_vq(lens_ocr_search.tsv, bucket.precise)`)
      // inside coalesce the subquery is not turned into a join (which could reorder the matches) but
      // stays a filter: a hashed SubPlan, the filter's assets read once for all buckets
      .$if(check === 'visible-set', (qb) =>
        qb.where(sql<boolean>`coalesce(lens_ocr_search."assetId" = any(${assets(db).select('asset.id')}), false)`),
      );
    // equal RUM distances are put in a fixed order, so windows do not depend on the LIMIT
    return rum ? query.orderBy(sql`lens_ocr_search.tsv <=> bucket.q`).orderBy('lens_ocr_search.assetId') : query;
  };
  return buckets
    .innerJoinLateral((eb) => matches(eb).as('match'), (join) => join.onTrue())
    .select(['match.assetId', 'match.fileCreatedAt', 'match.ocrScore'])
    .limit(limit)
    .$if(offset > 0, (qb) => qb.offset(offset));
}

/**
 * The asset row behind a search row if the filter lets it through. `offset 0` keeps Postgres from
 * flattening the lateral subquery into a hash join that scans the whole asset table: each candidate
 * costs one primary-key lookup (and the filter's own per-asset lookups), and the LIMIT above stops
 * the index scan early.
 */
export function visibleAsset(db: Kysely<any>, from: 'lens_ocr_search' | 'smart_search', assets: AssetFilter) {
  return assets(db).select('asset.fileCreatedAt').where('asset.id', '=', sql.ref<string>(`${from}.assetId`)).offset(0).as('visible');
}
