import { RawBuilder, sql } from 'kysely';
import { OcrTerm, ocrTsqueries } from './query';
import { bucketTsqueries } from './tsquery-text';

/** A tsquery matching a document of any bucket (see BUCKETS in segment.ts): the bucket forms OR'ed. */
export function anyBucketTsquery(tsquery: string): string {
  return bucketTsqueries(tsquery)
    .map((q) => `(${q})`)
    .join(' | ');
}

/**
 * The OCR terms as an unranked condition on `asset` (its OCR text matches them): Immich's `ocr` search
 * filter wherever no ranking is wanted (statistics, random, large-asset searches). The index is asked
 * the index form, the precise form decides (see TsqueryForm).
 */
export function ocrMatchCondition(terms: OcrTerm[]): RawBuilder<boolean> {
  const { index, precise } = ocrTsqueries(terms, 'exact');
  return sql<boolean>`exists (select from lens_ocr_search where lens_ocr_search."assetId" = asset.id
    and lens_ocr_search.tsv @@ ${anyBucketTsquery(index)}::tsquery and ts_match_vq(lens_ocr_search.tsv, ${anyBucketTsquery(precise)}::tsquery))`;
}
