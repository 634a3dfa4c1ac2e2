/**
 * The pieces Immich's patches call (server-module/immich), on real PostgreSQL with Immich's tables:
 * the `ocr:` search plan, ranked ids with access filters, the OCR index written beside Immich's
 * upsert, the migration's backfill of existing OCR rows, job names and CLIP model sizes.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadRequestException } from '@nestjs/common';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import {
  clipErrorsAsBadRequest,
  immichLensDown,
  immichLensUp,
  isRegenerateJob,
  lensOcrFilter,
  REGENERATE_JOBS,
  LENS_CLIP_MODEL_INFO,
  regenerateJobDisabledReason,
  orderByIds,
  type AssetFilter,
  planLensOcrSearch,
  planLensSearch,
  searchLensAssetIds,
  writeLensOcrIndex,
} from '../../server-module/immich';
import { ModelLoadError } from '../../server-module/inference/model-errors';
import { accessFilter } from '../../server-module/search/asset-filter';
import { applyStandaloneBaseSchema } from '../../server-module/search/schema';
import { createEmptyPostgresDatabase, dropDatabase } from '../search/db';
import { describeWith } from '../services';

describe('planLensSearch', () => {
  it('leaves queries without ocr: terms to Immich', () => {
    expect(planLensSearch(undefined, true)).toBeNull();
    expect(planLensSearch('a cat on a sofa', true)).toBeNull();
    expect(planLensSearch('doctor: who', false)).toBeNull();
  });

  it('plans ranked OCR for ocr: terms alone, with or without CLIP', () => {
    for (const clip of [true, false]) {
      const plan = planLensSearch('ocr:发票 ocr:"增值税 专用"', clip);
      expect(plan?.mode).toBe('ocr');
      expect(plan?.query.ocrTerms.map((t) => [t.text, t.phrase])).toEqual([
        ['发票', false],
        ['增值税专用', true], // spaces between CJK characters are OCR noise
      ]);
    }
    expect(planLensSearch('ＯＣＲ:发票', false)?.mode).toBe('ocr'); // full-width prefix typed by an IME
  });

  it('plans hybrid for free text plus ocr: when CLIP is on, a clear 400 when it is off', () => {
    expect(planLensSearch('猫 ocr:发票', true)).toMatchObject({ mode: 'hybrid', query: { freeText: '猫' } });
    expect(() => planLensSearch('猫 ocr:发票', false)).toThrow(BadRequestException);
    expect(() => planLensSearch('猫 ocr:发票', false)).toThrow(/Smart search is not enabled: "猫" needs CLIP/);
  });

  it('takes the ocr filter of a smart search as OCR terms; the OCR search mode makes every word a term', () => {
    expect(planLensSearch(undefined, false, '发票 2023')).toMatchObject({ mode: 'ocr', query: { ocrTerms: [{ text: '发票' }, { text: '2023' }] } });
    expect(planLensSearch('a cat', true, '发票')).toMatchObject({ mode: 'hybrid', query: { freeText: 'a cat', ocrTerms: [{ text: '发票' }] } });
    expect(() => planLensSearch('a cat', false, '发票')).toThrow(BadRequestException);
    expect(planLensSearch('a cat', true, '  ')).toBeNull();
    expect(planLensOcrSearch('增值税 发票')).toMatchObject({ mode: 'ocr', query: { ocrTerms: [{ text: '增值税' }, { text: '发票' }] } });
    expect(() => planLensOcrSearch('!!!')).toThrow(BadRequestException);
  });

  it('turns malformed ocr: queries into 400s, never other errors', () => {
    for (const bad of ['ocr:', 'ocr:""', '-ocr:发票', `ocr:${'字'.repeat(2000)}`]) {
      let thrown: unknown;
      try {
        planLensSearch(bad, false);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(BadRequestException);
    }
  });
});

describe('asset jobs and model info', () => {
  it('maps the two new job names to Immich jobs and knows when they cannot run', () => {
    expect(isRegenerateJob('regenerate-ocr')).toBe(true);
    expect(isRegenerateJob('regenerate-thumbnail')).toBe(false);
    expect(isRegenerateJob('toString')).toBe(false);
    expect(REGENERATE_JOBS['regenerate-ocr'].job).toBe('Ocr');
    expect(REGENERATE_JOBS['regenerate-clip'].job).toBe('SmartSearch');
    const config = { enabled: true, ocr: { enabled: true }, clip: { enabled: false } };
    expect(regenerateJobDisabledReason('regenerate-ocr', config)).toBeNull();
    expect(regenerateJobDisabledReason('regenerate-clip', config)).toBe('Smart search is not enabled');
    expect(regenerateJobDisabledReason('regenerate-ocr', { ...config, enabled: false })).toMatch(/Machine learning is disabled/);
  });

  it('gives Immich the embedding size of every Chinese-CLIP model in the manifest', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../models/clip-models.json'), 'utf8')) as {
      models: Array<{ name: string; family: string; embedDim: number }>;
    };
    const cn = manifest.models.filter((m) => m.family === 'chinese-clip');
    expect(cn.length).toBeGreaterThan(0);
    expect(LENS_CLIP_MODEL_INFO).toEqual(Object.fromEntries(cn.map((m) => [m.name, { dimSize: m.embedDim }])));
  });

  it('reports a missing CLIP model as a 400 naming it, and passes other errors through', async () => {
    const missing = Promise.reject(new ModelLoadError('CLIP model directory not found: /cache/clip/x', '/cache/clip/x'));
    await expect(clipErrorsAsBadRequest(missing)).rejects.toThrow(BadRequestException);
    await expect(clipErrorsAsBadRequest(Promise.reject(new ModelLoadError('gone', '/m')))).rejects.toThrow(/Smart search cannot run: gone/);
    await expect(clipErrorsAsBadRequest(Promise.reject(new TypeError('bug')))).rejects.toThrow(TypeError);
    await expect(clipErrorsAsBadRequest(Promise.resolve('[1,0]'))).resolves.toBe('[1,0]');
  });

  it('orders rows by the ranking and drops ids it was not given', () => {
    const rows = [{ id: 'b' }, { id: 'x' }, { id: 'a' }];
    expect(orderByIds(rows, ['a', 'b', 'c']).map((r) => r.id)).toEqual(['a', 'b']);
  });
});

describeWith('postgres')('on PostgreSQL with Immich tables', () => {
  let created: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
  let db: Kysely<any>;
  const owner = randomUUID();
  const other = randomUUID();

  async function asset(ownerId: string, fileCreatedAt: string, visibility = 'timeline'): Promise<string> {
    const id = randomUUID();
    await db.insertInto('asset').values({ id, ownerId, originalPath: `/p/${id}.jpg`, fileCreatedAt, localDateTime: fileCreatedAt, visibility }).execute();
    return id;
  }

  /** An asset_ocr row: a horizontal box at height y from x0 to x1 (Immich stores fractions of the image size). */
  const box = (text: string, y: number, x0 = 0.1, x1 = 0.9) => ({ text, x1: x0, y1: y, x2: x1, y2: y, x3: x1, y3: y + 0.05, x4: x0, y4: y + 0.05 });

  async function ocrRows(assetId: string, boxes: Array<ReturnType<typeof box>>) {
    for (const row of boxes) await db.insertInto('asset_ocr').values({ assetId, ...row, boxScore: 0.9, textScore: 0.9 }).execute();
  }

  beforeAll(async () => {
    created = await createEmptyPostgresDatabase('immich adapter');
    db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: created.url, max: 2 }) }) });
    await applyStandaloneBaseSchema(db);
  });

  afterAll(async () => {
    await db?.destroy();
    if (created) await dropDatabase(created.admin, created.name);
  });

  it('the migration creates the index and backfills assets Immich had already read, in reading order', async () => {
    const invoice = await asset(owner, '2024-01-01T00:00:00Z');
    const menu = await asset(owner, '2024-02-01T00:00:00Z');
    const receipt = await asset(owner, '2024-03-01T00:00:00Z');
    await ocrRows(invoice, [box('专用发票', 0.5), box('增值税', 0.1)]);
    await ocrRows(menu, [box('今日菜单 红烧肉', 0.2)]);
    // one receipt row read as two boxes, stored price first: the backfill joins the row in reading order
    await ocrRows(receipt, [box('100.00', 0.702, 0.7, 0.95), box('合计', 0.7, 0.05, 0.3), box('小票', 0.1)]);
    await immichLensUp(db);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from lens_ocr_search`.execute(db);
    expect(rows[0].n).toBe(3);
    const search = (q: string) => searchLensAssetIds(db, planLensSearch(q, false)!, accessFilter({ userIds: [owner] }), { page: 1, size: 10 });
    expect((await search('ocr:增值税')).assetIds).toEqual([invoice]);
    expect((await search('ocr:发票')).assetIds).toEqual([invoice]);
    expect((await search('ocr:红烧肉')).assetIds).toEqual([menu]);
    expect((await search('ocr:"合计 100"')).assetIds).toEqual([receipt]);
    expect((await search('ocr:"100 合计"')).assetIds).toEqual([]);
    await immichLensUp(db); // idempotent: a second run changes nothing and does not fail
    expect((await sql<{ n: number }>`select count(*)::int as n from lens_ocr_search`.execute(db)).rows[0].n).toBe(3);
  });

  it('ranked ids honour owners, locked visibility and pagination', async () => {
    const mine = await asset(owner, '2024-03-01T00:00:00Z');
    const theirs = await asset(other, '2024-03-02T00:00:00Z');
    const locked = await asset(owner, '2024-03-03T00:00:00Z', 'locked');
    for (const id of [mine, theirs, locked]) await writeLensOcrIndex(db, id, [box('停车票 RE16 TGK', 0.1)]);
    const plan = planLensSearch('ocr:RE16', false)!;
    const notLocked = await searchLensAssetIds(db, plan, accessFilter({ userIds: [owner], visibility: 'not-locked' }), { page: 1, size: 10 });
    expect(notLocked.assetIds).toEqual([mine]);
    const onlyLocked = await searchLensAssetIds(db, plan, accessFilter({ userIds: [owner], visibility: 'locked' }), { page: 1, size: 10 });
    expect(onlyLocked.assetIds).toEqual([locked]);
    const both = { userIds: [owner, other], visibility: 'not-locked' as const };
    expect(await searchLensAssetIds(db, plan, accessFilter(both), { page: 1, size: 1 })).toEqual({ assetIds: [theirs], hasNextPage: true }); // equal rank: newest first
    expect(await searchLensAssetIds(db, plan, accessFilter(both), { page: 2, size: 1 })).toEqual({ assetIds: [mine], hasNextPage: false });
  });

  it('filters candidates before ranking and paging with the host\'s filter query: pages are full except the last', async () => {
    await sql`create table if not exists album_asset ("albumId" uuid not null, "assetId" uuid not null)`.execute(db);
    const album = randomUUID();
    const matching: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = await asset(owner, `2023-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`);
      await writeLensOcrIndex(db, id, [box(`会员卡 ${i}`, 0.1)]);
      if (i % 3 === 0) {
        await db.insertInto('album_asset').values({ albumId: album, assetId: id }).execute();
        matching.push(id);
      }
    }
    // what Immich's searchAssetBuilderLegacy does for albumIds, on top of the access filters
    const inAlbum: AssetFilter = (kysely) =>
      accessFilter({ userIds: [owner] })(kysely).where((eb) => eb.exists(eb.selectFrom('album_asset').whereRef('album_asset.assetId', '=', 'asset.id').where('album_asset.albumId', '=', album)));
    const plan = planLensSearch('ocr:会员卡', false)!;
    const pages = [];
    for (let page = 1; ; page++) {
      const result = await searchLensAssetIds(db, plan, inAlbum, { page, size: 3 });
      pages.push(result.assetIds.length);
      if (!result.hasNextPage) break;
    }
    expect(pages).toEqual([3, 1]); // 4 matching assets in pages of 3
    const all = await searchLensAssetIds(db, plan, inAlbum, { page: 1, size: 10 });
    expect(new Set(all.assetIds)).toEqual(new Set(matching));
    expect(all.hasNextPage).toBe(false);
  });

  it('lensOcrFilter is Immich\'s ocr filter with the immich-lens matcher: digits inside longer numbers, Chinese substrings', async () => {
    const me = randomUUID();
    const phone = await asset(me, '2024-06-01T00:00:00Z');
    const invoice = await asset(me, '2024-06-02T00:00:00Z');
    await writeLensOcrIndex(db, phone, [box('客服电话 138-1234-5678', 0.1)]);
    await writeLensOcrIndex(db, invoice, [box('增值税专用发票 No.44031900', 0.1)]);
    const ids = async (text: string) =>
      (await accessFilter({ userIds: [me] })(db).select('asset.id').where(lensOcrFilter(text)).execute()).map((r) => r.id).sort();
    expect(await ids('5678')).toEqual([phone]);
    expect(await ids('1234-5678')).toEqual([phone]);
    expect(await ids('专用')).toEqual([invoice]);
    expect(await ids('发票 031900')).toEqual([invoice]);
    expect(await ids('发票 5678')).toEqual([]);
    expect(() => lensOcrFilter('!!!')).toThrow(BadRequestException);
  });

  it('writeLensOcrIndex replaces an asset\'s text and removes it when the new result has none', async () => {
    const id = await asset(owner, '2024-04-01T00:00:00Z');
    await writeLensOcrIndex(db, id, [box('旧的文字', 0.1)]);
    await writeLensOcrIndex(db, id, [box('新的 发票 文字', 0.1)]);
    const search = (q: string) => searchLensAssetIds(db, planLensSearch(q, false)!, accessFilter({ userIds: [owner] }), { page: 1, size: 10 });
    expect((await search('ocr:旧的')).assetIds).not.toContain(id);
    expect((await search('ocr:新的')).assetIds).toContain(id);
    await writeLensOcrIndex(db, id, [box('  ', 0.1), box('', 0.2)]);
    expect((await search('ocr:新的')).assetIds).not.toContain(id);
  });

  it('writeLensOcrIndex (what OcrRepository.upsert calls) indexes the rows of Immich\'s boxes: a phrase across two boxes of one row matches', async () => {
    const id = await asset(owner, '2024-05-01T00:00:00Z');
    await writeLensOcrIndex(db, id, [box('5.50', 0.4, 0.8, 0.95), box('香蕉(斤)', 0.398, 0.05, 0.3), box('联华超市', 0.05, 0.3, 0.7), box('合计', 0.6, 0.05, 0.3)]);
    const search = (q: string) => searchLensAssetIds(db, planLensSearch(q, false)!, accessFilter({ userIds: [owner] }), { page: 1, size: 10 });
    expect((await search('ocr:"香蕉(斤) 5.50"')).assetIds).toEqual([id]);
    expect((await search('ocr:"5.50 合计"')).assetIds).toEqual([]); // different rows stay apart
    expect((await search('ocr:"超市香蕉"')).assetIds).toEqual([id]); // but Chinese text runs on to the next row
  });

  it('the down migration removes what up created', async () => {
    await immichLensDown(db);
    const { rows } = await sql<{ t: string | null }>`select to_regclass('lens_ocr_search')::text as t`.execute(db);
    expect(rows[0].t).toBeNull();
    await immichLensUp(db);
  });
});
