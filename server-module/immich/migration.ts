import { Kysely, sql } from 'kysely';
import { applyLensMigration, revertLensMigration, SchemaLog } from '../search/schema';
import { AssetOcrRow, ocrFromRows, writeOcrIndex } from '../search/ocr-index';

export interface LensMigrationOptions {
  /** Immich's migration logger (patch 0006); default: nowhere */
  log?: SchemaLog;
  /** assets read per backfill batch */
  batchSize?: number;
  /** a progress line at most this often while the backfill runs (large libraries take minutes) */
  progressEveryMs?: number;
}

/**
 * Immich migration body: the immich-lens schema (sql/immich-lens/up.sql), then the index of every
 * asset Immich has already read text from (its visible asset_ocr rows, through the one OCR index
 * writer), so existing libraries are searchable without re-running OCR.
 */
export async function immichLensUp(db: Kysely<any>, options: LensMigrationOptions = {}): Promise<void> {
  const { log = () => {}, batchSize = 500, progressEveryMs = 10_000 } = options;
  const prefix = (line: string) => log(`ImmichLens: ${line}`);
  await applyLensMigration(db, prefix);
  const pending = await sql<{ n: number }>`
    select count(distinct "assetId")::int as n from asset_ocr
    where "isVisible" and not exists (select 1 from lens_ocr_search l where l."assetId" = asset_ocr."assetId")`.execute(db);
  const total = pending.rows[0].n;
  if (total === 0) return;
  prefix(`indexing the OCR text of ${total} assets Immich has already read`);
  const started = Date.now();
  let lastReport = started;
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<{ assetId: string; boxes: AssetOcrRow[] }>`
      select "assetId", json_agg(json_build_object('text', "text", 'x1', "x1", 'y1', "y1", 'x2', "x2", 'y2', "y2",
                                                   'x3', "x3", 'y3', "y3", 'x4', "x4", 'y4', "y4")) as boxes
      from asset_ocr
      where "assetId" > ${after}::uuid and "isVisible"
        and not exists (select 1 from lens_ocr_search l where l."assetId" = asset_ocr."assetId")
      group by "assetId" order by "assetId" limit ${batchSize}`.execute(db);
    await writeOcrIndex(db, rows.map((row) => ({ assetId: row.assetId, ocr: ocrFromRows(row.boxes) })));
    done += rows.length;
    if (rows.length < batchSize) break;
    after = rows.at(-1)!.assetId;
    if (Date.now() - lastReport >= progressEveryMs) {
      lastReport = Date.now();
      prefix(`indexed ${done} / ${total} assets (${Math.round((100 * done) / total)} %)`);
    }
  }
  prefix(`indexed the OCR text of ${done} assets in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export async function immichLensDown(db: Kysely<any>): Promise<void> {
  await revertLensMigration(db);
}
