import { Kysely, sql } from 'kysely';
import { toTsvectorText } from '../search';

/**
 * The immich-lens side of one asset's OCR result, written next to Immich's own `ocr_search` row
 * (Immich's OcrRepository.upsert calls it in its transaction): the segmented tsvector, or no row
 * when the image has no text.
 */
export async function writeLensOcrIndex(db: Kysely<any>, assetId: string, lines: string[]): Promise<void> {
  const text = lines.filter((line) => line.trim() !== '').join('\n');
  if (text === '') {
    await db.deleteFrom('lens_ocr_search').where('assetId', '=', assetId).execute();
    return;
  }
  await db
    .insertInto('lens_ocr_search')
    .values({ assetId, tsv: sql`${toTsvectorText(text)}::tsvector` })
    .onConflict((oc) => oc.column('assetId').doUpdateSet({ tsv: sql`excluded.tsv` }))
    .execute();
}
