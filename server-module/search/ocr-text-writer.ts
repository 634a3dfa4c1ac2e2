import { Kysely, sql } from 'kysely';
import { toTsvectorText } from './segment';
import { LensDatabase } from './types';
import { tokenizeForSearch } from './upstream';

/** One asset's OCR text as lines (reading order); all-blank lines mean "no text". */
export interface OcrTextDocument {
  assetId: string;
  lines: string[];
}

/**
 * Writes the search side of OCR for many assets with set-based statements: Immich's `ocr_search`
 * text (its CJK-bigram tokens) and the immich-lens tsvector; assets without text lose both rows.
 * Runs on whatever `db` is given, so callers put it inside their own transaction.
 */
export async function writeOcrSearchText(db: Kysely<LensDatabase>, documents: OcrTextDocument[]): Promise<void> {
  const empty = documents.filter((d) => d.lines.every((line) => line.trim() === '')).map((d) => d.assetId);
  const filled = documents
    .filter((d) => d.lines.some((line) => line.trim() !== ''))
    .map((d) => ({
      assetId: d.assetId,
      text: d.lines.flatMap((line) => tokenizeForSearch(line)).join(' '),
      tsv: toTsvectorText(d.lines.join('\n')),
    }));
  if (empty.length > 0) {
    await db.deleteFrom('ocr_search').where('assetId', '=', sql<string>`any(${empty}::uuid[])`).execute();
    await db.deleteFrom('lens_ocr_search').where('assetId', '=', sql<string>`any(${empty}::uuid[])`).execute();
  }
  if (filled.length > 0) {
    await db
      .insertInto('ocr_search')
      .values(filled.map((d) => ({ assetId: d.assetId, text: d.text })))
      .onConflict((oc) => oc.column('assetId').doUpdateSet({ text: sql<string>`excluded.text` }))
      .execute();
    await db
      .insertInto('lens_ocr_search')
      .values(filled.map((d) => ({ assetId: d.assetId, tsv: sql<string>`${d.tsv}::tsvector` })))
      .onConflict((oc) => oc.column('assetId').doUpdateSet({ tsv: sql<string>`excluded.tsv` }))
      .execute();
  }
}
