import { Kysely, sql } from 'kysely';
import { applyLensMigration, revertLensMigration } from '../search';
import { writeLensOcrIndex } from './ocr-index';

const BACKFILL_BATCH = 500;

/**
 * Immich migration body: the immich-lens schema (sql/immich-lens/up.sql), then the tsvector of every
 * asset Immich has already read text from (asset_ocr lines in reading order: top to bottom, then
 * left to right), so existing libraries are searchable without re-running OCR.
 */
export async function immichLensUp(db: Kysely<any>): Promise<void> {
  await applyLensMigration(db);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<{ assetId: string; lines: string[] }>`
      select "assetId", array_agg("text" order by least("y1", "y2"), least("x1", "x4")) as lines
      from asset_ocr
      where "assetId" > ${after}::uuid and "isVisible"
        and not exists (select 1 from lens_ocr_search l where l."assetId" = asset_ocr."assetId")
      group by "assetId" order by "assetId" limit ${BACKFILL_BATCH}`.execute(db);
    for (const row of rows) await writeLensOcrIndex(db, row.assetId, row.lines);
    if (rows.length < BACKFILL_BATCH) return;
    after = rows.at(-1)!.assetId;
  }
}

export async function immichLensDown(db: Kysely<any>): Promise<void> {
  await revertLensMigration(db);
}
