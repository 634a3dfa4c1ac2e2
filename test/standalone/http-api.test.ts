/**
 * The standalone host's HTTP API on real Postgres and PGlite, with real OCR: ranked ocr: search,
 * regenerate jobs (access, atomic replace, failure keeps the old rows), validation, auth, files, docs.
 */
import request from 'supertest';
import { SearchQueryError } from '../../server-module/search/query';
import { SearchService } from '../../server-module/standalone';
import { BACKENDS, describeEachBackend } from '../search/backends';
import { createHostFixture, HostFixture, waitForJobs, writeGarbage } from './fixture';

describeEachBackend(BACKENDS, 'standalone host HTTP API on %s', (_name, create) => {
  let database: Awaited<ReturnType<typeof create>>;
  let host: HostFixture;
  let invoice: string; // 发票 ×3
  let receipt: string; // 发票 ×1
  let meeting: string;
  let bobsInvoice: string;
  const api = () => request(host.app.getHttpServer());

  beforeAll(async () => {
    database = await create();
    host = await createHostFixture(database);
    invoice = await host.addPhoto(host.alice.id, 'invoice.png', ['发票 发票', '增值税发票 No.8812']);
    receipt = await host.addPhoto(host.alice.id, 'receipt.png', ['购物小票', '发票请扫码']);
    meeting = await host.addPhoto(host.alice.id, 'meeting.png', ['会议通知', 'Meeting at 9am']);
    bobsInvoice = await host.addPhoto(host.bob.id, 'bob.png', ['发票 发票 发票 发票']);
    for (const id of [invoice, receipt, meeting, bobsInvoice]) await host.ocr(id);
  });

  afterAll(async () => {
    await host?.close();
    await database?.close();
  });

  it('POST /api/search/smart with ocr: ranks photos containing the word, best first, only the caller\'s', async () => {
    const res = await api().post('/api/search/smart').set('x-api-key', host.alice.key).send({ query: 'ocr:发票' }).expect(200);
    const ids = res.body.assets.items.map((i: { id: string }) => i.id);
    expect(ids).toEqual([invoice, receipt]);
    expect(res.body.assets.items[0].score).toBeGreaterThan(res.body.assets.items[1].score);
    expect(res.body.assets.items[0].matchedLines.join(' ')).toContain('发票');
    expect(res.body.assets.items[0].originalPath).toMatch(/invoice\.png$/);
  });

  it('SearchService (what Immich\'s SearchService calls) searches the owner + partner ids it is given', async () => {
    const service = host.app.get(SearchService);
    const own = await service.searchAssets({ user: { id: host.alice.id } }, { query: 'ocr:发票' });
    expect(own.items.map((i) => i.assetId)).toEqual([invoice, receipt]);
    const withPartner = await service.searchAssets({ user: { id: host.alice.id } }, { query: 'ocr:发票', userIds: [host.alice.id, host.bob.id] });
    expect(withPartner.items.map((i) => i.assetId)).toEqual([bobsInvoice, invoice, receipt]);
    await expect(service.searchAssets({ user: { id: host.alice.id } }, { query: 'ocr:""' })).rejects.toThrow(SearchQueryError);
  });

  it('POST /api/search/ocr treats bare words as ocr: terms; -ocr: excludes', async () => {
    const meetingRes = await api().post('/api/search/ocr').set('x-api-key', host.alice.key).send({ query: 'meeting' }).expect(200);
    expect(meetingRes.body.assets.items.map((i: { id: string }) => i.id)).toEqual([meeting]);
    const notReceipt = await api().post('/api/search/ocr').set('x-api-key', host.alice.key).send({ query: '发票 -ocr:小票' }).expect(200);
    expect(notReceipt.body.assets.items.map((i: { id: string }) => i.id)).toEqual([invoice]);
  });

  it('malformed bodies and queries are 400 with a message, never 500', async () => {
    const post = (body: unknown, path = '/api/search/smart') => api().post(path).set('x-api-key', host.alice.key).set('content-type', 'application/json').send(body as object);
    const cases: Array<[unknown, RegExp, string?]> = [
      [{}, /query/],
      [{ query: 42 }, /query/],
      [{ query: 'ocr:' }, /ocr/i],
      [{ query: '-ocr:发票' }, /ocr/i],
      [{ query: 'x', size: 0 }, /size/],
      [{ query: 'x', unexpected: true }, /unexpected|Unrecognized/i],
      ['{"query": ', /JSON/i],
      [{ assetIds: ['not-a-uuid'], name: 'regenerate-ocr' }, /assetIds/, '/api/assets/jobs'],
      [{ assetIds: [invoice], name: 'make-coffee' }, /name/, '/api/assets/jobs'],
      [{ assetIds: [], name: 'regenerate-ocr' }, /assetIds/, '/api/assets/jobs'],
    ];
    for (const [body, message, path] of cases) {
      const res = await post(body, path);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(JSON.stringify(res.body.message)).toMatch(message);
    }
    await api().get('/api/assets/not-a-uuid/ocr').set('x-api-key', host.alice.key).expect(400);
  });

  it('needs a valid x-api-key with the endpoint\'s permission', async () => {
    await api().post('/api/search/smart').send({ query: 'ocr:发票' }).expect(401);
    await api().post('/api/search/smart').set('x-api-key', 'wrong').send({ query: 'ocr:发票' }).expect(401);
  });

  it('regenerate-ocr on an own asset replaces its OCR rows with the new reading', async () => {
    const before = await api().get(`/api/assets/${meeting}/ocr`).set('x-api-key', host.alice.key).expect(200);
    expect(before.body.map((r: { text: string }) => r.text).join(' ')).toMatch(/会议通知/);
    await host.writePhoto('meeting.png', ['停车场关闭', 'Parking closed']);
    await api().post('/api/assets/jobs').set('x-api-key', host.alice.key).send({ assetIds: [meeting], name: 'regenerate-ocr' }).expect(204);
    expect((await waitForJobs(host.db, meeting)).map((j) => j.status)).toEqual(['done']);
    const after = await api().get(`/api/assets/${meeting}/ocr`).set('x-api-key', host.alice.key).expect(200);
    const text = after.body.map((r: { text: string }) => r.text).join(' ');
    expect(text).toMatch(/停车场/);
    expect(text).not.toMatch(/会议/);
    const oldIds = new Set(before.body.map((r: { id: string }) => r.id));
    expect(after.body.some((r: { id: string }) => oldIds.has(r.id))).toBe(false);
    const search = (q: string) => api().post('/api/search/smart').set('x-api-key', host.alice.key).send({ query: q }).expect(200);
    expect((await search('ocr:停车场')).body.assets.items.map((i: { id: string }) => i.id)).toEqual([meeting]);
    expect((await search('ocr:会议')).body.assets.items).toEqual([]);
  });

  it('a failed regenerate keeps the old OCR rows', async () => {
    const before = await api().get(`/api/assets/${receipt}/ocr`).set('x-api-key', host.alice.key).expect(200);
    expect(before.body.length).toBeGreaterThan(0);
    writeGarbage(before.body.length && (await host.db.selectFrom('asset').select('originalPath').where('id', '=', receipt).executeTakeFirstOrThrow()).originalPath);
    await api().post('/api/assets/jobs').set('x-api-key', host.alice.key).send({ assetIds: [receipt], name: 'regenerate-ocr' }).expect(204);
    const jobs = await waitForJobs(host.db, receipt);
    expect(jobs.map((j) => j.status)).toEqual(['failed']);
    expect(jobs[0].error).toBeTruthy();
    const after = await api().get(`/api/assets/${receipt}/ocr`).set('x-api-key', host.alice.key).expect(200);
    expect(after.body).toEqual(before.body);
    const res = await api().post('/api/search/ocr').set('x-api-key', host.alice.key).send({ query: '小票' }).expect(200);
    expect(res.body.assets.items.map((i: { id: string }) => i.id)).toEqual([receipt]);
  });

  it('regenerate on another user\'s asset is 403 and queues nothing; unknown ids are 404', async () => {
    const count = async () => Number((await host.db.selectFrom('lens_job').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const forbidden = await api().post('/api/assets/jobs').set('x-api-key', host.alice.key).send({ assetIds: [invoice, bobsInvoice], name: 'regenerate-ocr' }).expect(403);
    expect(forbidden.body.message).toContain(bobsInvoice);
    await api().post('/api/assets/jobs').set('x-api-key', host.alice.key).send({ assetIds: ['00000000-0000-4000-8000-000000000000'], name: 'regenerate-clip' }).expect(404);
    await api().get(`/api/assets/${bobsInvoice}/ocr`).set('x-api-key', host.alice.key).expect(403);
    await api().get('/api/assets/00000000-0000-4000-8000-000000000000/ocr').set('x-api-key', host.alice.key).expect(404);
    expect(await count()).toBe(before);
  });

  it('locked assets need an elevated session, which API keys never have', async () => {
    const locked = await host.addPhoto(host.alice.id, 'locked.png', ['保密文件']);
    await host.db.updateTable('asset').set({ visibility: 'locked' }).where('id', '=', locked).execute();
    await api().post('/api/assets/jobs').set('x-api-key', host.alice.key).send({ assetIds: [locked], name: 'regenerate-ocr' }).expect(403);
    await host.ocr(locked);
    const hidden = await api().post('/api/search/ocr').set('x-api-key', host.alice.key).send({ query: '保密' }).expect(200);
    expect(hidden.body.assets.items).toEqual([]);
    await api().post('/api/search/ocr').set('x-api-key', host.alice.key).send({ query: '保密', visibility: 'locked' }).expect(401);
    const service = host.app.get(SearchService);
    const elevated = await service.searchAssets({ user: { id: host.alice.id }, session: { hasElevatedPermission: true } }, { query: 'ocr:保密', visibility: 'locked' });
    expect(elevated.items.map((i) => i.assetId)).toEqual([locked]);
  });

  it('serves thumbnails and originals to the owner only', async () => {
    const thumb = await api().get(`/api/assets/${invoice}/thumbnail`).set('x-api-key', host.alice.key).expect(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(thumb.body.length).toBeGreaterThan(100);
    const original = await api().get(`/api/assets/${invoice}/original`).set('x-api-key', host.alice.key).expect(200);
    expect(original.headers['content-type']).toBe('image/png');
    await api().get(`/api/assets/${invoice}/original`).set('x-api-key', host.bob.key).expect(403);
  });

  it('publishes OpenAPI docs for its endpoints', async () => {
    const res = await api().get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/search/smart', '/api/search/ocr', '/api/assets/jobs', '/api/assets/{id}/ocr', '/api/assets/{id}/thumbnail', '/api/assets/{id}/original']),
    );
    expect(JSON.stringify(res.body.components.schemas.AssetJobsDto)).toContain('regenerate-ocr');
  });
});
