import { Kysely } from 'kysely';
import { AssetOcrRow, ocrFromRows, writeOcrIndex } from '../search/ocr-index';

/**
 * The immich-lens side of one asset's OCR, written from the `asset_ocr` rows Immich's OcrRepository
 * stores, in its transaction (upsert and visibility changes): the segmented tsvector of the rows in
 * reading order, or no row when there is no text.
 */
export async function writeLensOcrIndex(db: Kysely<any>, assetId: string, rows: AssetOcrRow[]): Promise<void> {
  await writeOcrIndex(db, [{ assetId, ocr: ocrFromRows(rows) }]);
}
