import { Kysely, sql } from 'kysely';
import { applyLensMigration, revertLensMigration, SchemaLog } from '../search/schema';
import { type AssetOcrRow, ocrFromRows } from '../ocr-text/ocr-boxes';
import { writeOcrIndex } from '../search/ocr-index';

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
    const { rows } = await sql<{ assetId: string; width: number | null; height: number | null; boxes: AssetOcrRow[] }>`
      select o."assetId", a."width", a."height",
             json_agg(json_build_object('text', o."text", 'x1', o."x1", 'y1', o."y1", 'x2', o."x2", 'y2', o."y2",
                                        'x3', o."x3", 'y3', o."y3", 'x4', o."x4", 'y4', o."y4")) as boxes
      from asset_ocr o join asset a on a."id" = o."assetId"
      where o."assetId" > ${after}::uuid and o."isVisible"
        and not exists (select 1 from lens_ocr_search l where l."assetId" = o."assetId")
      group by o."assetId", a."width", a."height" order by o."assetId" limit ${batchSize}`.execute(db);
    // the asset's oriented size: the reading order measures boxes in its pixels, as the engine did
    await writeOcrIndex(db, rows.map((row) => ({ assetId: row.assetId, ocr: { ...ocrFromRows(row.boxes), width: row.width, height: row.height } })));
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
