import { Kysely, sql } from 'kysely';
import { applyLensMigration, revertLensMigration } from '../search/schema';
import { AssetOcrRow, ocrFromRows, writeOcrIndex } from '../search/ocr-index';

const BACKFILL_BATCH = 500;

/**
 * Immich migration body: the immich-lens schema (sql/immich-lens/up.sql), then the index of every
 * asset Immich has already read text from (its visible asset_ocr rows, through the one OCR index
 * writer), so existing libraries are searchable without re-running OCR.
 */
export async function immichLensUp(db: Kysely<any>): Promise<void> {
  await applyLensMigration(db);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<{ assetId: string; boxes: AssetOcrRow[] }>`
      select "assetId", json_agg(json_build_object('text', "text", 'x1', "x1", 'y1', "y1", 'x2', "x2", 'y2', "y2",
                                                   'x3', "x3", 'y3', "y3", 'x4', "x4", 'y4', "y4")) as boxes
      from asset_ocr
      where "assetId" > ${after}::uuid and "isVisible"
        and not exists (select 1 from lens_ocr_search l where l."assetId" = asset_ocr."assetId")
      group by "assetId" order by "assetId" limit ${BACKFILL_BATCH}`.execute(db);
    await writeOcrIndex(db, rows.map((row) => ({ assetId: row.assetId, ocr: ocrFromRows(row.boxes) })));
    if (rows.length < BACKFILL_BATCH) return;
    after = rows.at(-1)!.assetId;
  }
}

export async function immichLensDown(db: Kysely<any>): Promise<void> {
  await revertLensMigration(db);
}
