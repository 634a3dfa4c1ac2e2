import { Kysely, sql } from 'kysely';
import { readingLines } from '../ocr-text/reading-lines';
import type { OcrPage } from '../ocr-text/ocr-boxes';
import { toTsvectorText } from './segment';
import { LensDatabase } from './types';

/** One asset's OCR boxes, with the image's size where it is known (scores are not needed here). */
export interface OcrIndexDocument {
  assetId: string;
  ocr: OcrPage;
}

/** The tsvector text of an asset's OCR, or null when it has no text: its rows in reading order, one line each. */
export function ocrIndexText(ocr: OcrPage): string | null {
  const lines = readingLines(ocr).filter((line) => line.trim() !== '');
  return lines.length > 0 ? toTsvectorText(lines.join('\n')) : null;
}

/**
 * The one writer of the immich-lens OCR index (lens_ocr_search), for both hosts, the migration's
 * backfill and the tests: the segmented tsvector of each asset's OCR rows, or no row when the image
 * has no text. Set-based statements on whatever `db` is given, so callers put it inside their own
 * transaction (Immich: the one that writes asset_ocr).
 */
export async function writeOcrIndex(db: Kysely<any>, documents: OcrIndexDocument[]): Promise<void> {
  const byAsset = new Map(documents.map((d) => [d.assetId, ocrIndexText(d.ocr)])); // last one wins
  const empty = [...byAsset].filter(([, tsv]) => tsv === null).map(([assetId]) => assetId);
  const filled = [...byAsset].filter((entry): entry is [string, string] => entry[1] !== null);
  const lens = db as Kysely<LensDatabase>;
  if (empty.length > 0) {
    await lens.deleteFrom('lens_ocr_search').where('assetId', '=', sql<string>`any(${empty}::uuid[])`).execute();
  }
  if (filled.length > 0) {
    await lens
      .insertInto('lens_ocr_search')
      .values(filled.map(([assetId, tsv]) => ({ assetId, tsv: sql<string>`${tsv}::tsvector` })))
      .onConflict((oc) => oc.column('assetId').doUpdateSet({ tsv: sql<string>`excluded.tsv` }))
      .execute();
  }
}
