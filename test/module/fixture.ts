/**
 * A standalone host on a test database (real Postgres or PGlite) with two users, their API keys, and
 * photos rendered with real text in a temp directory, read by the real OCR engine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Kysely } from 'kysely';
import { AssetJobService } from '../../server-module/nest/asset-job.service';
import { applyHostSchema } from '../../server-module/nest/host-schema';
import { createHostApp } from '../../server-module/nest/host/host.module';
import { createApiKey, ensureUser } from '../../server-module/nest/host/users';
import type { LensModuleOptions } from '../../server-module/nest/lens-options';
import { DEFAULT_MACHINE_LEARNING_CONFIG, LensInferenceConfig } from '../../server-module/nest/ml-config';
import { StandaloneAssetRepository } from '../../server-module/nest/standalone-asset.repository';
import type { HostDatabase } from '../../server-module/nest/types';
import { renderLines } from '../ocr/render';
import type { TestDatabase } from '../search/db';

export interface HostFixture {
  app: INestApplication;
  db: Kysely<HostDatabase>;
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

export async function createHostFixture(database: TestDatabase, overrides: Partial<LensModuleOptions> = {}, inference: Partial<LensInferenceConfig> = {}): Promise<HostFixture> {
  const db = database.db as unknown as Kysely<HostDatabase>;
  await applyHostSchema(db);
  const dir = mkdtempSync(join(tmpdir(), 'immich-lens-host-'));
  const aliceId = await ensureUser(db, 'alice@example.com', 'alice');
  const bobId = await ensureUser(db, 'bob@example.com', 'bob');
  const alice = { id: aliceId, key: await createApiKey(db, aliceId) };
  const bob = { id: bobId, key: await createApiKey(db, bobId) };
  const logs: string[] = [];
  const options: LensModuleOptions = {
    db,
    inference: { local: ['clip', 'ocr'], cacheFolder: join(dir, 'no-cache'), remoteFallback: false, threads: 1, idleUnloadMs: 0, ...inference },
    machineLearning: { ...DEFAULT_MACHINE_LEARNING_CONFIG, urls: [], availabilityChecks: { enabled: false, timeout: 1000, interval: 30000 } },
    jobConcurrency: { ocr: 1, 'smart-search': 1 },
    adaptEmbeddingDimension: true,
    log: (line) => logs.push(line),
    ...overrides,
  };
  const app = await createHostApp(options);
  await app.init();
  const assets = new StandaloneAssetRepository(db);
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
export async function waitForJobs(db: Kysely<HostDatabase>, assetId: string, timeoutMs = 60_000): Promise<Array<{ status: string; error: string | null }>> {
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
