/**
 * A regenerate job killed mid-way (SIGKILL of `immich-lens serve` while OCR runs) leaves the old OCR
 * rows; the next start queues the interrupted job again and it replaces them. Real Postgres, real OCR.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { StandaloneDatabase } from '../../server-module/standalone/types';
import { renderLines } from '../ocr/render';
import { createPostgresUrl } from './postgres-url';
import { describeWith } from '../services';

const BIN = resolve(__dirname, '../../bin/immich-lens.js');
const KEY = 'killed-job-test-key';

function serve(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', url, '--port', String(port), '--api-key', KEY, '--threads', '1', '--job-concurrency', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('listening')) {
        clearTimeout(timer);
        resolvePromise(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

describeWith('postgres')('a regenerate job killed mid-way', () => {
  let pg: Awaited<ReturnType<typeof createPostgresUrl>>;
  let db: Kysely<StandaloneDatabase>;
  let work: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    pg = await createPostgresUrl();
    work = mkdtempSync(join(tmpdir(), 'immich-lens-kill-'));
    db = new Kysely<StandaloneDatabase>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: pg.url, max: 2 }) }) });
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await db?.destroy();
    await pg?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('keeps the old OCR rows, and the restarted host finishes the job', async () => {
    const photos = join(work, 'photos');
    mkdirSync(photos);
    const file = join(photos, 'doc.png');
    writeFileSync(file, (await renderLines(['会议通知 OLD TEXT'])).png);
    const index = await promisify(execFile)(process.execPath, [BIN, 'index', '--db', pg.url, photos]);
    expect(index.stdout).toMatch(/1 indexed/);
    const { id } = await db.selectFrom('asset').select('id').where('originalPath', '=', file).executeTakeFirstOrThrow();
    const rows = () => db.selectFrom('asset_ocr').select(['id', 'text']).where('assetId', '=', id).orderBy('id').execute();
    const old = await rows();
    expect(old.map((r) => r.text).join(' ')).toMatch(/OLD/);

    // a new, slower page to read: many long lines on one thread
    const lines = Array.from({ length: 10 }, (_, i) => `新的文字 第${i}行 NEW TEXT line ${i} 发票号码 ${1000 + i} total amount due`);
    writeFileSync(file, (await renderLines(lines, { size: 36 })).png);

    const port = 20000 + Math.floor(Math.random() * 20000);
    const first = await serve(pg.url, port);
    children.push(first);
    const res = await fetch(`http://127.0.0.1:${port}/api/assets/jobs`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ assetIds: [id], name: 'regenerate-ocr' }) });
    expect(res.status).toBe(204);
    for (let i = 0; ; i++) {
      const job = await db.selectFrom('lens_job').select('status').where('assetId', '=', id).executeTakeFirst();
      if (job?.status === 'running') break;
      if (i > 2000) throw new Error(`job never ran: ${JSON.stringify(job)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const exited = new Promise((r) => first.once('exit', r));
    first.kill('SIGKILL');
    await exited;

    expect(await rows()).toEqual(old);
    expect((await db.selectFrom('lens_job').select('status').where('assetId', '=', id).executeTakeFirstOrThrow()).status).toBe('running');

    const second = await serve(pg.url, port + 1);
    children.push(second);
    for (let i = 0; ; i++) {
      const job = await db.selectFrom('lens_job').select(['status', 'error']).where('assetId', '=', id).executeTakeFirstOrThrow();
      if (job.status === 'done') break;
      if (job.status === 'failed' || i > 1200) throw new Error(`job did not finish: ${JSON.stringify(job)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const now = await rows();
    expect(now.map((r) => r.text).join(' ')).toMatch(/NEW/);
    expect(now.map((r) => r.text).join(' ')).not.toMatch(/OLD/);
    const stopped = new Promise((r) => second.once('exit', r));
    second.kill('SIGTERM');
    await stopped;
  });
});
