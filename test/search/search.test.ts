import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { parseSearchQuery, SearchQueryError } from '../../server-module/search/query';
import { LensSearchRepository } from '../../server-module/search/repository';
import { CandidateCheck } from '../../server-module/search/candidate-check';
import { applyLensMigration, applyLensRumIndex, revertLensMigration, rumAvailable } from '../../server-module/search/schema';
import { writeOcrIndex } from '../../server-module/search/ocr-index';
import { ocrFromText } from '../../server-module/ocr-text/ocr-boxes';
import { explainSent, recordingDb } from '../../scripts/bench-sent-queries';
import { describeEachBackend, SEARCH_BACKENDS } from './backends';
import { TestDatabase } from './db';
import { AssetSpec, embedding, insertAsset } from './fixtures';

type SearchItemLike = { assetId: string; ocrScore: number | null };

describeEachBackend(SEARCH_BACKENDS, 'search on %s', (_name, create) => {
  let t: TestDatabase;
  let repo: LensSearchRepository;

  beforeAll(async () => {
    t = await create();
    repo = new LensSearchRepository(t.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  const add = (spec: AssetSpec) => insertAsset(t!.db, spec);
  const ocr = async (query: string, userIds: string[], extra: object = {}) =>
    (await repo.searchOcr({ ocrTerms: parseSearchQuery(query).ocrTerms, userIds, ...extra })).items.map((i) => i.assetId);

  it('ranks a close phrase match above a scattered one, then newest first', async () => {
    const user = randomUUID();
    const filler = '今天天气很好我们去公园散步然后回家吃饭';
    const scattered = await add({ ownerId: user, text: ['发票', filler, filler, '金额'], fileCreatedAt: '2025-01-01' });
    const closeOld = await add({ ownerId: user, text: ['发票金额合计'], fileCreatedAt: '2020-01-01' });
    const closeNew = await add({ ownerId: user, text: ['发票金额合计'], fileCreatedAt: '2023-01-01' });
    await add({ ownerId: user, text: ['无关的文字'] });
    expect(await ocr('ocr:发票 ocr:金额', [user])).toEqual([closeNew, closeOld, scattered]);
    const page = await repo.searchOcr({ ocrTerms: parseSearchQuery('ocr:发票 ocr:金额').ocrTerms, userIds: [user] });
    expect(page.items[0].score).toBeGreaterThan(page.items[2].score);
    expect(page.items.map((i) => i.ocrRank)).toEqual([1, 2, 3]);
  });

  it('finds Chinese words and substrings inside longer runs, and spaced OCR text', async () => {
    const user = randomUUID();
    const long = await add({ ownerId: user, text: ['中华人民共和国增值税专用发票'] });
    const spaced = await add({ ownerId: user, text: ['发 票 号 码 ： 0 0 1 2'] });
    const other = await add({ ownerId: user, text: ['火车票 北京 上海'] });
    expect(await ocr('ocr:专用', [user])).toEqual([long]);
    expect(await ocr('ocr:税专用发', [user])).toEqual([long]); // crosses word boundaries
    expect((await ocr('ocr:发票', [user])).sort()).toEqual([long, spaced].sort());
    expect(await ocr('ocr:发票号码', [user])).toEqual([spaced]);
    expect(await ocr('ocr:"发 票 号"', [user])).toEqual([spaced]);
    expect(await ocr('ocr:京', [user])).toEqual([other]); // single character
    expect(await ocr('ocr:海', [user])).toEqual([other]); // last character of a run
    expect(await ocr('ocr:票上', [user])).toEqual([]); // not adjacent in the text
  });

  it('finds Latin partial tokens, digits inside numbers, phrases and case variants', async () => {
    const user = randomUUID();
    const plate = await add({ ownerId: user, text: ['粤B RE16 TGK'] });
    const phone = await add({ ownerId: user, text: ['电话：138-1234-5678', 'Tel 13912345678'] });
    const invoice = await add({ ownerId: user, text: ['INVOICE Total Amount: 42.00'] });
    const reversed = await add({ ownerId: user, text: ['amount total'] });
    expect(await ocr('ocr:RE16', [user])).toEqual([plate]);
    expect(await ocr('ocr:re1', [user])).toEqual([plate]);
    expect(await ocr('ocr:"re16 tgk"', [user])).toEqual([plate]);
    expect(await ocr('ocr:"tgk re16"', [user])).toEqual([]);
    expect(await ocr('ocr:1234', [user])).toEqual([phone]);
    expect(await ocr('ocr:91234', [user])).toEqual([phone]); // inside 13912345678
    expect(await ocr('ocr:invoice', [user])).toEqual([invoice]);
    expect(await ocr('ocr:ＩＮＶＯＩＣＥ', [user])).toEqual([invoice]);
    expect(await ocr('ocr:"total amount"', [user])).toEqual([invoice]);
    expect((await ocr('ocr:total ocr:amount', [user])).sort()).toEqual([invoice, reversed].sort());
    expect(await ocr('ocr:voic', [user])).toEqual([invoice]);
  });

  it('matches substrings across letter/digit cuts and nothing that only looks alike', async () => {
    const user = randomUUID();
    const glued = await add({ ownerId: user, text: ['车牌RE16TGK', 'TOTAL12345'] });
    const spaced = await add({ ownerId: user, text: ['RE16 XTGK', 'subtotal 99', '价格ABCD发票'] });
    expect(await ocr('ocr:e16t', [user])).toEqual([glued]);
    expect(await ocr('ocr:牌re', [user])).toEqual([glued]);
    expect(await ocr('ocr:total1', [user])).toEqual([glued]);
    expect((await ocr('ocr:total', [user])).sort()).toEqual([glued, spaced].sort()); // inside subtotal too
    // not "re16 xtgk"; the glued plate matches, as letters and digits are cut there
    expect(await ocr('ocr:"re16 tgk"', [user])).toEqual([glued]);
    expect(await ocr('ocr:"re16 xtg"', [user])).toEqual([spaced]);
    expect(await ocr('ocr:"re16 xtgk"', [user])).toEqual([spaced]);
    expect(await ocr('ocr:"16 xt"', [user])).toEqual([spaced]);
    expect(await ocr('ocr:al9', [user])).toEqual([spaced]); // OCR spacing does not count, as in phrases
    expect(await ocr('ocr:al1', [user])).toEqual([glued]);
    expect(await ocr('ocr:abcd发票', [user])).toEqual([spaced]);
    expect(await ocr('ocr:abc发票', [user])).toEqual([]);
    expect(await ocr('ocr:格abc', [user])).toEqual([spaced]);
    expect(await ocr('ocr:345', [user])).toEqual([glued]);
  });

  it("lists the matches that need one of OCR's usual confusions when nothing matches exactly", async () => {
    const user = randomUUID();
    const confused = await add({ ownerId: user, text: ['粉红SCHOO12639 地面'] });
    const plate = await add({ ownerId: user, text: ['川P P803 WRX'] });
    await add({ ownerId: user, text: ['粉红SCHEMA'] });
    expect(await ocr('ocr:粉红school', [user])).toEqual([confused]);
    expect(await ocr('ocr:"pb03 wrx"', [user])).toEqual([plate]);
    expect(await ocr('ocr:"pb03 wrx" -ocr:川p', [user])).toEqual([]);
    expect(await ocr('ocr:"pb03 wrx"', [user], { page: 2, size: 1 })).toEqual([]);
    const exact = await add({ ownerId: user, text: ['粉红SCHOOL bus'] });
    expect(await ocr('ocr:粉红school', [user])).toEqual([exact]); // an exact match: no confusions
    expect(await ocr('ocr:粉红school', [user], { page: 2, size: 1 })).toEqual([]);
  });

  it('filters what the index returns with the precise query (long last tokens ask the index for their head)', async () => {
    const user = randomUUID();
    const plate = await add({ ownerId: user, text: ['RE16 XTGK', '方面HOSPITAL531534'] });
    expect(await ocr('ocr:"16 xtgk"', [user])).toEqual([plate]);
    expect(await ocr('ocr:"16 xtgx"', [user])).toEqual([]); // ^xtg is in the index, xtgx:* is not in the text
    expect(await ocr('ocr:方面hospital', [user])).toEqual([plate]);
    expect(await ocr('ocr:方面hospice', [user])).toEqual([]);
  });

  it('excludes -ocr: terms', async () => {
    const user = randomUUID();
    const valid = await add({ ownerId: user, text: ['增值税发票'] });
    await add({ ownerId: user, text: ['增值税发票 作废'] });
    expect(await ocr('ocr:发票 -ocr:作废', [user])).toEqual([valid]);
  });

  it("applies Immich's access filters: owner, locked, trash, type, dates", async () => {
    const [me, partner, stranger] = [randomUUID(), randomUUID(), randomUUID()];
    const text = ['停车票 RE16 TGK'];
    const mine = await add({ ownerId: me, text, embedding: embedding(3), fileCreatedAt: '2024-06-01' });
    const partners = await add({ ownerId: partner, text, embedding: embedding(3, 4, 0.1), fileCreatedAt: '2022-06-01' });
    await add({ ownerId: stranger, text, embedding: embedding(3) });
    const locked = await add({ ownerId: me, text, visibility: 'locked', embedding: embedding(3) });
    const archived = await add({ ownerId: me, text, visibility: 'archive', fileCreatedAt: '2010-01-01' });
    const trashed = await add({ ownerId: me, text, deletedAt: '2025-01-01', fileCreatedAt: '2009-01-01' });
    const video = await add({ ownerId: me, text, type: 'VIDEO', fileCreatedAt: '2008-01-01' });

    expect(await ocr('ocr:停车', [me, partner])).toEqual([mine, partners, archived, video]);
    expect(await ocr('ocr:停车', [me, partner], { visibility: 'locked' })).toEqual([locked]);
    expect(await ocr('ocr:停车', [me], { visibility: 'archive' })).toEqual([archived]);
    expect(await ocr('ocr:停车', [me], { withDeleted: true })).toEqual([mine, archived, trashed, video]);
    expect(await ocr('ocr:停车', [me], { type: 'VIDEO' })).toEqual([video]);
    expect(await ocr('ocr:停车', [me, partner], { takenAfter: new Date('2020-01-01'), takenBefore: new Date('2023-01-01') })).toEqual([
      partners,
    ]);

    const hybrid = await repo.searchHybrid({ freeText: 'parking', embedding: embedding(3), userIds: [me, partner] });
    const ids = hybrid.items.map((i) => i.assetId);
    // "parking" matches no OCR text: the CLIP list alone, without the stranger's and the locked asset
    expect(ids).toEqual([mine, partners]);
    const hybridLocked = await repo.searchHybrid({ freeText: 'parking', embedding: embedding(3), userIds: [me], visibility: 'locked' });
    expect(hybridLocked.items.map((i) => i.assetId)).toEqual([locked]);
  });

  it('fuses CLIP and OCR ranks with reciprocal rank fusion', async () => {
    const user = randomUUID();
    // CLIP ranks for the query vector (axis 10): clipOnly 1, both 2; OCR ranks: both 1, ocrOnly 2
    const clipOnly = await add({ ownerId: user, text: ['风景'], embedding: embedding(10) });
    const both = await add({ ownerId: user, text: ['收据 收据 收据'], embedding: embedding(10, 11, 0.5), fileCreatedAt: '2024-01-01' });
    const ocrOnly = await add({ ownerId: user, text: ['收据'], fileCreatedAt: '2023-01-01' });
    const query = { freeText: '收据', embedding: embedding(10), userIds: [user] };

    const fused = (await repo.searchHybrid(query)).items;
    expect(fused.map((i) => i.assetId).slice(0, 3)).toEqual([both, clipOnly, ocrOnly]);
    expect(fused[0]).toMatchObject({ clipRank: 2, ocrRank: 1 });
    expect(fused[0].score).toBeCloseTo(1 / 62 + 1 / 61, 10);
    expect(fused[1]).toMatchObject({ clipRank: 1, ocrRank: null });
    expect(fused[1].clipDistance).toBeCloseTo(0, 5);
    expect(fused[0].clipDistance).toBeCloseTo(1 - 1 / Math.hypot(1, 0.5), 5);
    expect(fused[2]).toMatchObject({ ocrRank: 2, clipRank: null, clipDistance: null });
    for (let i = 1; i < fused.length; i++) expect(fused[i - 1].score).toBeGreaterThanOrEqual(fused[i].score);

    // weights change the order; k changes the scores
    const ocrHeavy = (await new LensSearchRepository(t.db, { clipWeight: 0.1, ocrWeight: 1 }).searchHybrid(query)).items;
    expect(ocrHeavy.map((i) => i.assetId).slice(0, 2)).toEqual([both, ocrOnly]);
    const smallK = (await new LensSearchRepository(t.db, { rrfK: 1 }).searchHybrid(query)).items;
    expect(smallK[0].score).toBeCloseTo(1 / 3 + 1 / 2, 10);

    // ocr: terms filter the set; the fused rank orders it
    const filtered = (await repo.searchHybrid({ ...parseSearchQuery('sunset ocr:收据'), embedding: embedding(10), userIds: [user] })).items;
    expect(filtered.map((i) => i.assetId)).toEqual([both, ocrOnly]);
    expect(filtered[0]).toMatchObject({ clipRank: 1, ocrRank: 1 });

    // without an embedding the OCR list alone ranks
    const textOnly = (await repo.searchHybrid({ freeText: '收据', userIds: [user] })).items;
    expect(textOnly.map((i) => i.assetId)).toEqual([both, ocrOnly]);
  });

  it('paginates stably like Immich (page, size, nextPage)', async () => {
    const user = randomUUID();
    for (let i = 0; i < 25; i++) {
      await add({
        ownerId: user,
        text: [`快递单 ${'包裹'.repeat(1 + (i % 3))} 编号${i}`],
        fileCreatedAt: new Date(Date.UTC(2020, 0, 1 + (i % 7))).toISOString(),
        embedding: embedding(20 + (i % 5), 30, i / 25),
      });
    }
    const terms = parseSearchQuery('ocr:快递').ocrTerms;
    const all = await repo.searchOcr({ ocrTerms: terms, userIds: [user], size: 100 });
    expect(all.items).toHaveLength(25);
    expect(all.nextPage).toBeNull();
    const pages = [];
    for (let page = 1; page <= 3; page++) {
      const result = await repo.searchOcr({ ocrTerms: terms, userIds: [user], page, size: 10 });
      expect(result.nextPage).toBe(page < 3 ? String(page + 1) : null);
      pages.push(...result.items.map((i) => i.assetId));
    }
    expect(pages).toEqual(all.items.map((i) => i.assetId));

    const hybridAll = await repo.searchHybrid({ freeText: '快递', embedding: embedding(20), userIds: [user], size: 100 });
    const hybridPages = [];
    for (let page = 1; page <= 3; page++) {
      const result = await repo.searchHybrid({ freeText: '快递', embedding: embedding(20), userIds: [user], page, size: 10 });
      hybridPages.push(...result.items.map((i) => i.assetId));
    }
    expect(hybridPages).toEqual(hybridAll.items.map((i) => i.assetId));
    expect(new Set(hybridPages).size).toBe(25);
  });

  it('matches numbers as substrings around their punctuation (times, prices, phone numbers), exact tokens first', async () => {
    const user = randomUUID();
    const hours = await add({ ownerId: user, text: ['营业时间 09:00-19:00'] });
    const dotted = await add({ ownerId: user, text: ['会议 9.00 开始'] });
    const price = await add({ ownerId: user, text: ['合计 ¥112.22'] });
    const plain = await add({ ownerId: user, text: ['编号 1234 2201'] });
    const phone = await add({ ownerId: user, text: ['客服 0755-8621-3377'] });
    const long = await add({ ownerId: user, text: ['订单 13812345678'] });
    const exact = await add({ ownerId: user, text: ['尾号 5678'] });
    expect(await ocr('ocr:9:00', [user])).toEqual([hours]);
    expect(new Set(await ocr('ocr:9.00', [user]))).toEqual(new Set([dotted]));
    expect(await ocr('ocr:12.', [user])).toEqual([price]);
    expect(await ocr('ocr:.22', [user])).toEqual([price]);
    expect(await ocr('ocr:¥112', [user])).toEqual([price]);
    expect(new Set(await ocr('ocr:12', [user]))).toEqual(new Set([price, plain, long]));
    expect(await ocr('ocr:8621-33', [user])).toEqual([phone]);
    expect(await ocr('ocr:5678', [user])).toEqual([exact, long]); // the whole token ranks above the infix
  });

  it('lists the matches by date taken when an order is asked for (Immich\'s metadata search order), paging through all of them', async () => {
    const user = randomUUID();
    const dated: Array<{ id: string; date: string }> = [];
    for (let i = 0; i < 9; i++) {
      const date = new Date(Date.UTC(2021, 0, 1 + ((i * 5) % 9))).toISOString();
      dated.push({ id: await add({ ownerId: user, text: [`停车场 ${'收费'.repeat(1 + (i % 3))} ${i}`], fileCreatedAt: date }), date });
    }
    await add({ ownerId: user, text: ['会议通知'] });
    const terms = parseSearchQuery('ocr:停车').ocrTerms;
    const byDate = (a: { id: string; date: string }, b: { id: string; date: string }) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id);
    // sorted by the search itself (few matches), and by walking the assets by date (more than the limit)
    const walking = new LensSearchRepository(t.db, { dateOrderSortLimit: 2 });
    for (const [order, repository] of [['asc', repo], ['desc', repo], ['asc', walking], ['desc', walking]] as const) {
      const expected = [...dated].sort(byDate).map((d) => d.id);
      if (order === 'desc') expected.reverse();
      const pages: string[] = [];
      for (let page = 1; ; page++) {
        const result = await repository.searchOcr({ ocrTerms: terms, userIds: [user], order, page, size: 4 });
        expect(result.items.map((i) => i.ocrRank)).toEqual(result.items.map((_, k) => (page - 1) * 4 + k + 1));
        pages.push(...result.items.map((i) => i.assetId));
        if (!result.nextPage) break;
      }
      expect(pages).toEqual(expected);
    }
    // the OCR confusions apply in date order too, only when nothing matches exactly
    const confused = await add({ ownerId: user, text: ['SCHOO1 BUS'] });
    expect((await repo.searchOcr({ ocrTerms: parseSearchQuery('ocr:school').ocrTerms, userIds: [user], order: 'desc' })).items.map((i) => i.assetId)).toEqual([confused]);
  });

  it('ranks window by window (max(rankWindow, size)) and pages through every match, past the first window', async () => {
    const user = randomUUID();
    const stranger = randomUUID();
    for (let i = 0; i < 11; i++) {
      // the stranger's matches are interleaved: windows count only visible matches
      await add({ ownerId: stranger, text: ['收据'] });
      await add({
        ownerId: user,
        text: [`票据 ${'收据 '.repeat(1 + ((i * 3) % 4))}`],
        fileCreatedAt: new Date(Date.UTC(2020, 0, 1 + (i % 4))).toISOString(),
      });
    }
    const terms = parseSearchQuery('ocr:收据').ocrTerms;
    const descending = (scores: number[]) => expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const useRum of [true, false]) {
      const windowed = new LensSearchRepository(t.db, { rankWindow: 4, useRum });
      // a page that fits in one window is ranked as a whole
      const all = await windowed.searchOcr({ ocrTerms: terms, userIds: [user], size: 100 });
      expect(all.items).toHaveLength(11);
      expect(all.nextPage).toBeNull();
      expect(all.items.map((i) => i.ocrRank)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
      descending(all.items.map((i) => i.ocrScore!));

      const sequences: Record<number, string[]> = {};
      for (const size of [1, 3, 5]) {
        const window = Math.max(4, size);
        const paged: SearchItemLike[] = [];
        for (let page = 1; ; page++) {
          const result = await windowed.searchOcr({ ocrTerms: terms, userIds: [user], page, size });
          expect(result.items.map((i) => i.ocrRank)).toEqual(result.items.map((_, i) => (page - 1) * size + i + 1));
          paged.push(...result.items);
          if (!result.nextPage) break;
          expect(result.nextPage).toBe(String(page + 1));
        }
        expect(paged.map((i) => i.assetId).sort()).toEqual(all.items.map((i) => i.assetId).sort());
        for (let w = 0; w < paged.length; w += window) descending(paged.slice(w, w + window).map((i) => i.ocrScore!));
        sequences[size] = paged.map((i) => i.assetId);
      }
      expect(sequences[1]).toEqual(sequences[3]); // the same windows of 4, whatever the page size
    }
  });

  it('checks candidates against the filter by lookups or by the visible set with the same pages, the set hashed once', async () => {
    const user = randomUUID();
    for (let i = 0; i < 24; i++) {
      await add({ ownerId: user, text: [`收据 ${'票据 '.repeat(i % 3)}`], fileCreatedAt: new Date(Date.UTC(2018 + (i % 4), i % 12, 1)).toISOString() });
    }
    const terms = parseSearchQuery('ocr:收据').ocrTerms;
    const filter = { userIds: [user], takenAfter: new Date('2019-01-01'), takenBefore: new Date('2020-12-31') };
    const pages = async (candidateCheck: CandidateCheck, size: number, order?: 'desc') => {
      const repository = new LensSearchRepository(t!.db, { candidateCheck, rankWindow: 4 });
      const out: Array<[string[], string | null]> = [];
      for (let page = 1; page <= 13; page++) {
        const result = await repository.searchOcr({ ocrTerms: terms, ...filter, page, size, order });
        out.push([result.items.map((i) => i.assetId), result.nextPage]);
      }
      return out;
    };
    for (const size of [1, 5, 100]) {
      for (const order of [undefined, 'desc'] as const) {
        const lookup = await pages('lookup', size, order);
        expect(lookup.flatMap(([ids]) => ids)).toHaveLength(12);
        expect(await pages('visible-set', size, order)).toEqual(lookup);
        expect(await pages('auto', size, order)).toEqual(lookup);
      }
    }
    const recording = recordingDb(t.db);
    await new LensSearchRepository(recording.db, { candidateCheck: 'visible-set' }).searchOcr({ ocrTerms: terms, ...filter });
    const plan = (await explainSent(t.db, recording.sent[0])).join('\n');
    expect(plan).toContain('hashed SubPlan');
  });

  it('reads each list from its own index: GIN (RUM where the opt-in index exists) and HNSW', async () => {
    const user = randomUUID();
    await add({ ownerId: user, text: ['发票 invoice'], embedding: embedding(20) });
    const textIndex = t.backend === 'postgres-rum' ? 'lens_ocr_search_tsv_rum_idx' : 'lens_ocr_search_tsv_idx';
    // the statements the searches send, explained
    const recording = recordingDb(t.db);
    const recorded = new LensSearchRepository(recording.db);
    await recorded.searchOcr({ ocrTerms: parseSearchQuery('ocr:发票').ocrTerms, userIds: [user] });
    await recorded.searchHybrid({ freeText: 'invoice', embedding: embedding(20), userIds: [user] });
    const [ocrQuery, hybridQuery] = recording.sent;
    const plans = await t.db.transaction().execute(async (trx) => {
      // a few rows make a sequential scan cheapest; forbidding it shows whether the index can answer
      await sql`set local enable_seqscan = off`.execute(trx);
      return { ocr: (await explainSent(trx, ocrQuery)).join('\n'), hybrid: (await explainSent(trx, hybridQuery)).join('\n') };
    });
    for (const plan of [plans.ocr, plans.hybrid]) {
      expect(plan).toMatch(new RegExp(`(on|using) ${textIndex} `));
      expect(plan).not.toMatch(/Seq Scan on lens_ocr_search/);
    }
    expect(plans.hybrid).toMatch(/using clip_index on smart_search/);
    expect(plans.hybrid).not.toMatch(/Seq Scan on smart_search/);
  });

  it('writeOcrIndex replaces an asset\'s index or deletes it when the new OCR has no text', async () => {
    const user = randomUUID();
    const id = await add({ ownerId: user, text: ['旧文字 old'] });
    await writeOcrIndex(t.db, [{ assetId: id, ocr: ocrFromText('新文字 new') }]);
    expect(await ocr('ocr:旧文', [user])).toEqual([]);
    expect(await ocr('ocr:新文', [user])).toEqual([id]);
    await writeOcrIndex(t.db, [{ assetId: id, ocr: ocrFromText('  ') }]);
    expect(await ocr('ocr:新文', [user])).toEqual([]);
    expect(await t.db.selectFrom('lens_ocr_search').select('assetId').where('assetId', '=', id).execute()).toEqual([]);
  });

  it('stores hostile OCR text without errors and keeps it searchable', async () => {
    const user = randomUUID();
    const lines = ['\u0000nul\u0000', '\ud800 lone surrogate', "'; drop table asset; -- \\ & | ! :*", '🎉 emoji', '发票'.repeat(20000), 'after the position limit'];
    const id = await add({ ownerId: user, text: lines });
    expect(await ocr('ocr:nul', [user])).toEqual([id]);
    expect(await ocr('ocr:"drop table asset"', [user])).toEqual([id]);
    expect(await ocr('ocr:票发票', [user])).toEqual([id]);
    expect(await ocr('ocr:emoji', [user])).toEqual([id]);
    // tsvector positions stop at 16383: text beyond is not indexed rather than falsely adjacent
    expect(await ocr('ocr:"position limit"', [user])).toEqual([]);
  });

  it('rejects bad options with a 400, not a database error', async () => {
    const terms = parseSearchQuery('ocr:abc').ocrTerms;
    await expect(repo.searchOcr({ ocrTerms: terms, userIds: [randomUUID()], size: 0 })).rejects.toBeInstanceOf(SearchQueryError);
    await expect(repo.searchOcr({ ocrTerms: terms, userIds: [randomUUID()], page: 1.5 })).rejects.toBeInstanceOf(SearchQueryError);
    await expect(repo.searchHybrid({ userIds: [randomUUID()], embedding: [Number.NaN] })).rejects.toBeInstanceOf(SearchQueryError);
  });

  it('the opt-in RUM index says clearly when the server has no rum extension', async () => {
    const available = await rumAvailable(t.db);
    if (t.backend === 'pglite') expect(available).toBe(false);
    if (available) return; // the RUM backend runs every search on it
    const user = randomUUID();
    const id = await add({ ownerId: user, text: ['收据 rum'] });
    await expect(applyLensRumIndex(t.db)).rejects.toThrow('the rum extension is not installed on this PostgreSQL server');
    expect(await ocr('ocr:收据', [user])).toEqual([id]); // nothing half-made: the GIN path still answers
  });

  it('migration is idempotent and reversible', async () => {
    await applyLensMigration(t.db);
    await revertLensMigration(t.db);
    const gone = await sql<{ n: string }>`select count(*) as n from pg_tables where tablename = 'lens_ocr_search'`.execute(t.db);
    expect(Number(gone.rows[0].n)).toBe(0);
    await applyLensMigration(t.db);
    await applyLensMigration(t.db);
    const back = await sql<{ n: string }>`select count(*) as n from pg_indexes where tablename = 'lens_ocr_search'`.execute(t.db);
    expect(Number(back.rows[0].n)).toBe(2); // pkey + GIN (the RUM index is opt-in: rum.sql)
  });
});
