import { Kysely, sql } from 'kysely';
import { type AssetOcrRow, ocrFromRows } from '../ocr-text/ocr-boxes';
import { writeOcrIndex } from '../search/ocr-index';

/**
 * The immich-lens side of one asset's OCR, written from the `asset_ocr` rows Immich's OcrRepository
 * stores, in its transaction (upsert and visibility changes): the segmented tsvector of the rows in
 * reading order (measured by the asset's oriented size, as the engine measured them), or no row when
 * there is no text.
 */
export async function writeLensOcrIndex(db: Kysely<any>, assetId: string, rows: AssetOcrRow[]): Promise<void> {
  const { rows: sizes } = await sql<{ width: number | null; height: number | null }>`
    select "width", "height" from asset where "id" = ${assetId}::uuid`.execute(db);
  await writeOcrIndex(db, [{ assetId, ocr: { ...ocrFromRows(rows), ...sizes[0] } }]);
}
