import { Kysely, sql } from 'kysely';
import { readingLines } from '../inference/ocr/reading-lines';
import type { OCR } from '../inference/ocr/types';
import type { AssetOcrRow } from './asset-ocr-row';
import { toTsvectorText } from './segment';
import { LensDatabase } from './types';

/** One asset's OCR boxes (Immich's shape; scores are not needed here). */
export interface OcrIndexDocument {
  assetId: string;
  ocr: Pick<OCR, 'text' | 'box'>;
}

/** The tsvector text of an asset's OCR, or null when it has no text: its rows in reading order, one line each. */
export function ocrIndexText(ocr: Pick<OCR, 'text' | 'box'>): string | null {
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

/** `asset_ocr` rows of one asset in Immich's OCR shape (text + 8 numbers per box). */
export function ocrFromRows(rows: AssetOcrRow[]): Pick<OCR, 'text' | 'box'> {
  return {
    text: rows.map((r) => r.text),
    box: rows.flatMap((r) => [r.x1, r.y1, r.x2, r.y2, r.x3, r.y3, r.x4, r.y4]),
  };
}

/**
 * OCR text that comes without geometry (import-ocr, tests, benchmarks) in Immich's OCR shape: one box
 * per line, full width, stacked top to bottom, so the lines stay lines wherever boxes are read back.
 */
export function ocrFromText(text: string): OCR {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const h = 1 / Math.max(1, lines.length);
  return {
    text: lines,
    box: lines.flatMap((_, i) => [0, i * h, 1, i * h, 1, (i + 0.9) * h, 0, (i + 0.9) * h]),
    boxScore: lines.map(() => 1),
    textScore: lines.map(() => 1),
  };
}

export type { AssetOcrRow };
