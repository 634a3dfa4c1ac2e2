/**
 * One reading order everywhere: a page of horizontal lines, the same page turned 90° either way with
 * no EXIF orientation (a scan, a chat app's copy) and vertical columns, read by the real engine
 * (embedded PP-OCRv4), give the same rows from `immich-lens ocr` (readingLines of the run), from
 * Immich's `asset_ocr` rows read back in any order, in Immich's index (the writer its OcrRepository
 * calls and the migration's backfill) and the standalone index on real PostgreSQL, and in the viewer
 * highlight: a phrase running from one line into the next is found and highlighted, the reverse is not.
 */
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import sharp from 'sharp';
import { immichLensUp, planLensSearch, searchLensAssetIds, writeLensOcrIndex } from '../../server-module/immich';
import type { OcrRun } from '../../server-module/inference/ocr/ocr-engine';
import { matchingBoxIds } from '../../server-module/ocr-text/matched-text';
import { ocrFromRows, rowsFromOcr } from '../../server-module/ocr-text/ocr-boxes';
import { readingLines } from '../../server-module/ocr-text/reading-lines';
import { accessFilter } from '../../server-module/search/asset-filter';
import { toTsvectorText } from '../../server-module/search/segment';
import { AssetRepository } from '../../server-module/standalone/asset.repository';
import { applyStandaloneSchema } from '../../server-module/standalone/schema';
import { useEmbeddedEngine } from '../ocr/engine';
import { renderLines } from '../ocr/render';
import { createEmptyPostgresDatabase, dropDatabase } from '../search/db';
import { itWith } from '../services';

const LINES = ['增值税专用发票', '购买方名称北京', '合计金额壹佰元'];
const RUN_ON = '发票购买'; // the end of the first line and the start of the second
const REVERSED = '北京增值'; // the end of the second line and the start of the first: no such text

/** The lines as vertical Chinese: columns of characters, the first at the right. */
async function renderColumns(lines: string[], size = 44): Promise<Buffer> {
  const gap = size * 2;
  const width = lines.length * gap + size * 2;
  const height = Math.max(...lines.map((l) => l.length)) * size * 1.15 + size * 2;
  const chars = lines.flatMap((line, c) =>
    [...line].map((ch, k) => `<text x="${width - size * 1.5 - c * gap}" y="${size * 1.8 + k * size * 1.15}" font-family="Noto Sans CJK SC" font-size="${size}">${ch}</text>`),
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.round(height)}"><rect width="100%" height="100%" fill="#fff"/>${chars.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const engine = useEmbeddedEngine();
const pages: Record<string, () => Promise<Buffer>> = {
  'horizontal lines': async () => (await renderLines(LINES)).png,
  'the page turned 90° clockwise, no EXIF': async () => sharp((await renderLines(LINES)).png).rotate(90).png().toBuffer(),
  'the page turned 90° counter-clockwise, no EXIF': async () => sharp((await renderLines(LINES)).png).rotate(270).png().toBuffer(),
  'vertical columns, right to left': () => renderColumns(LINES),
};
const runs = new Map<string, OcrRun>();
let created: Awaited<ReturnType<typeof createEmptyPostgresDatabase>> | undefined;
let db: Kysely<any>;

beforeAll(async () => {
  for (const [name, render] of Object.entries(pages)) runs.set(name, await engine().run(await render()));
});

/** The test database, made by the first test that needs it (Immich's tables, the lens index, the standalone's). */
async function database(): Promise<Kysely<any>> {
  if (!created) {
    created = await createEmptyPostgresDatabase('same rows in every index');
    db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: created.url, max: 2 }) }) });
    await applyStandaloneSchema(db);
  }
  return db;
}

afterAll(async () => {
  if (!created) return;
  await db.destroy();
  await dropDatabase(created.admin, created.name);
});

async function newAsset(run: OcrRun): Promise<string> {
  const id = randomUUID();
  const at = '2024-01-01T00:00:00Z';
  await db.insertInto('asset').values({ id, ownerId: OWNER, originalPath: `/p/${id}.png`, fileCreatedAt: at, localDateTime: at, width: run.width, height: run.height }).execute();
  return id;
}
const OWNER = randomUUID();
const storedTsv = async (assetId: string) =>
  (await sql<{ tsv: string }>`select tsv::text as tsv from lens_ocr_search where "assetId" = ${assetId}::uuid`.execute(db)).rows[0]?.tsv;
const expectedTsv = async () => (await sql<{ tsv: string }>`select ${toTsvectorText(LINES.join('\n'))}::tsvector::text as tsv`.execute(db)).rows[0].tsv;
const found = async (phrase: string) =>
  (await searchLensAssetIds(db, planLensSearch(`ocr:"${phrase}"`, false)!, accessFilter({ userIds: [OWNER] }), { page: 1, size: 50 })).assetIds;

describe.each(Object.keys(pages))('%s', (name) => {
  const run = () => runs.get(name)!;

  it('immich-lens ocr reads the lines in order', () => {
    expect(readingLines(run())).toEqual(LINES);
  });

  it("Immich's asset_ocr rows, read back in any order, give the same rows with or without the asset's size", () => {
    const stored = rowsFromOcr(run()).reverse();
    expect(readingLines({ ...ocrFromRows(stored), width: run().width, height: run().height })).toEqual(LINES);
    expect(readingLines(ocrFromRows(stored))).toEqual(LINES);
  });

  itWith('postgres')("Immich's index (its OcrRepository's writer and the migration's backfill) and the standalone index hold those rows", async () => {
    await database();
    const rows = rowsFromOcr(run(), (i) => ({ boxScore: run().boxScore[i], textScore: run().textScore[i] })).reverse();
    const written = await newAsset(run());
    const backfilled = await newAsset(run());
    for (const assetId of [written, backfilled]) await db.insertInto('asset_ocr').values(rows.map((row) => ({ assetId, ...row }))).execute();
    await writeLensOcrIndex(db, written, rows);
    await immichLensUp(db);
    const standalone = await newAsset(run());
    await new AssetRepository(db).replaceOcr(standalone, run());
    const expected = await expectedTsv();
    for (const assetId of [written, backfilled, standalone]) expect(await storedTsv(assetId)).toBe(expected);
    expect(await found(RUN_ON)).toEqual(expect.arrayContaining([written, backfilled, standalone]));
    const reversed = await found(REVERSED);
    expect([written, backfilled, standalone].filter((id) => reversed.includes(id))).toEqual([]);
  });

  it('the viewer highlights the boxes of a phrase running on into the next line, and nothing for the reverse', () => {
    const boxes = rowsFromOcr(run(), (i) => ({ id: `box-${i}` })).reverse();
    const lineOf = (id: string) => LINES.findIndex((line) => line.includes(boxes.find((b) => b.id === id)!.text));
    const size = { width: run().width, height: run().height };
    expect([...matchingBoxIds(boxes, [RUN_ON], size)].map(lineOf).sort()).toEqual([0, 1]);
    expect(matchingBoxIds(boxes, [REVERSED], size).size).toBe(0);
  });
});
