/**
 * regenerate-clip through the HTTP API with a generated CLIP model in Immich's cache layout: the
 * embedding is replaced by the new image's, a failure keeps the old one, and free-text smart search
 * ranks by it. Real Postgres.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DEFAULT_MACHINE_LEARNING_CONFIG } from '../../server-module/ml-provider/types';
import { writeImmichModel } from '../clip/fixtures';
import { createPostgresDatabase, TestDatabase } from '../search/db';
import { createHostFixture, HostFixture, waitForJobs, writeGarbage } from './fixture';
import { describeWith } from '../services';

describeWith('postgres')('regenerate-clip on real Postgres', () => {
  let database: TestDatabase;
  let host: HostFixture;
  let models: string;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    models = mkdtempSync(join(tmpdir(), 'immich-lens-clip-'));
    await writeImmichModel(join(models, 'clip', 'tiny-clip'), { size: 32, dim: 16, contextLength: 77 });
    host = await createHostFixture(
      database,
      { machineLearning: { ...DEFAULT_MACHINE_LEARNING_CONFIG, urls: [], availabilityChecks: { enabled: false, timeout: 1000, interval: 30000 }, clip: { enabled: true, modelName: 'tiny-clip' } } },
      { cacheFolder: models },
    );
  });

  afterAll(async () => {
    await host?.close();
    await database?.close();
    if (models) rmSync(models, { recursive: true, force: true });
  });

  const embedding = async (id: string) => (await host.db.selectFrom('smart_search').select('embedding').where('assetId', '=', id).executeTakeFirst())?.embedding;
  const regenerate = (id: string) =>
    request(host.app.getHttpServer()).post('/api/assets/jobs').set('x-api-key', host.alice.key).send({ assetIds: [id], name: 'regenerate-clip' }).expect(204);

  it('stores, replaces and keeps (on failure) the embedding; smart search uses it', async () => {
    const id = await host.addPhoto(host.alice.id, 'cat.png', ['猫的照片']);
    await regenerate(id);
    expect((await waitForJobs(host.db, id)).map((j) => j.status)).toEqual(['done']);
    const first = await embedding(id);
    expect(JSON.parse(first!)).toHaveLength(16);

    await host.writePhoto('cat.png', ['一只狗 dog dog dog dog dog dog', '完全不同的画面 ██████']);
    await regenerate(id);
    expect((await waitForJobs(host.db, id)).map((j) => j.status)).toEqual(['done', 'done']);
    const second = await embedding(id);
    expect(second).not.toEqual(first);

    writeGarbage(join(host.dir, 'cat.png'));
    await regenerate(id);
    const jobs = await waitForJobs(host.db, id);
    expect(jobs.map((j) => j.status)).toEqual(['done', 'done', 'failed']);
    expect(await embedding(id)).toEqual(second);

    const res = await request(host.app.getHttpServer()).post('/api/search/smart').set('x-api-key', host.alice.key).send({ query: 'cat' }).expect(200);
    expect(res.body.assets.mode).toBe('hybrid');
    const item = res.body.assets.items.find((i: { id: string }) => i.id === id);
    expect(item.clipRank).toBe(1);
    expect(item.clipDistance).toBeGreaterThanOrEqual(0);
  });
});
