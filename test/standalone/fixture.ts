/**
 * A standalone host on a test database (real Postgres or PGlite) with two users, their API keys, and
 * photos rendered with real text in a temp directory, read by the real OCR engine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Kysely } from 'kysely';
import { AssetJobService } from '../../server-module/standalone/asset-job.service';
import { applyStandaloneSchema } from '../../server-module/standalone/schema';
import { createStandaloneApp } from '../../server-module/standalone/http/http-app';
import { createApiKey, ensureUser } from '../../server-module/standalone/users';
import type { StandaloneModuleOptions } from '../../server-module/standalone/module-options';
import { DEFAULT_MACHINE_LEARNING_CONFIG, LensInferenceConfig } from '../../server-module/ml-provider/types';
import { IndexedFileRepository } from '../../server-module/standalone/indexed-file.repository';
import type { StandaloneDatabase } from '../../server-module/standalone/types';
import { renderLines } from '../ocr/render';
import type { TestDatabase } from '../search/db';

export interface HostFixture {
  app: INestApplication;
  db: Kysely<StandaloneDatabase>;
  dir: string;
  alice: { id: string; key: string };
  bob: { id: string; key: string };
  /** writes a photo with these lines and makes it an asset of the user (no OCR yet) */
  addPhoto(owner: string, name: string, lines: string[]): Promise<string>;
  /** renders new lines over an existing file */
  writePhoto(name: string, lines: string[]): Promise<string>;
  ocr(assetId: string): Promise<void>;
  close(): Promise<void>;
}

export async function createHostFixture(database: TestDatabase, overrides: Partial<StandaloneModuleOptions> = {}, inference: Partial<LensInferenceConfig> = {}): Promise<HostFixture> {
  const db = database.db as unknown as Kysely<StandaloneDatabase>;
  await applyStandaloneSchema(db);
  const dir = mkdtempSync(join(tmpdir(), 'immich-lens-host-'));
  const aliceId = await ensureUser(db, 'alice@example.com', 'alice');
  const bobId = await ensureUser(db, 'bob@example.com', 'bob');
  const alice = { id: aliceId, key: await createApiKey(db, aliceId) };
  const bob = { id: bobId, key: await createApiKey(db, bobId) };
  const logs: string[] = [];
  const options: StandaloneModuleOptions = {
    db,
    inference: { local: ['clip', 'ocr'], cacheFolder: join(dir, 'no-cache'), remoteFallback: false, threads: 1, idleUnloadMs: 0, ...inference },
    machineLearning: { ...DEFAULT_MACHINE_LEARNING_CONFIG, urls: [], availabilityChecks: { enabled: false, timeout: 1000, interval: 30000 } },
    jobConcurrency: { Ocr: 1, SmartSearch: 1 },
    adaptEmbeddingDimension: true,
    log: (line) => logs.push(line),
    ...overrides,
  };
  const app = await createStandaloneApp(options);
  await app.init();
  const assets = new IndexedFileRepository(db);
  const writePhoto = async (name: string, lines: string[]) => {
    const file = join(dir, name);
    writeFileSync(file, (await renderLines(lines, { size: 40 })).png);
    return file;
  };
  return {
    app,
    db,
    dir,
    alice,
    bob,
    writePhoto,
    async addPhoto(owner, name, lines) {
      const file = await writePhoto(name, lines);
      return assets.upsertFile(owner, file, { mtime: new Date(), size: 0, checksum: null });
    },
    async ocr(assetId) {
      await app.get(AssetJobService).ocr(assetId);
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until every job of the asset has left queued/running. */
export async function waitForJobs(db: Kysely<StandaloneDatabase>, assetId: string, timeoutMs = 60_000): Promise<Array<{ status: string; error: string | null }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await db.selectFrom('lens_job').select(['status', 'error']).where('assetId', '=', assetId).orderBy('id').execute();
    if (jobs.length > 0 && jobs.every((j) => j.status === 'done' || j.status === 'failed')) return jobs;
    if (Date.now() > deadline) throw new Error(`jobs of ${assetId} still pending: ${JSON.stringify(jobs)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function writeGarbage(file: string) {
  writeFileSync(file, Buffer.from('this is not an image'));
}
