/**
 * Load check for `immich-lens serve` on real Postgres: concurrent clients mixing ranked searches and
 * regenerate-ocr requests against the server in a child process. First a search-only phase (the peer:
 * the same searches without OCR jobs competing for the CPU), then the mixed phase. Prints errors,
 * latency percentiles per request kind, throughput, jobs run, and the server's peak RSS (VmHWM).
 * Usage:
 *   npm run bench:serve -- [--seconds 60] [--clients 20] [--corpus 3000] [--photos 12] [--url postgres://…]
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import sharp from 'sharp';
import { AssetRepository } from '../server-module/standalone/asset.repository';
import { ocrFromText } from '../server-module/ocr-text/ocr-boxes';
import { IndexedFileRepository } from '../server-module/standalone/indexed-file.repository';
import { applyStandaloneSchema } from '../server-module/standalone/schema';
import type { StandaloneDatabase } from '../server-module/standalone/types';
import { createApiKey, ensureUser } from '../server-module/standalone/users';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const SECONDS = Number(args.get('seconds') ?? 60);
const CLIENTS = Number(args.get('clients') ?? 20);
const CORPUS = Number(args.get('corpus') ?? 3000);
const PHOTOS = Number(args.get('photos') ?? 12);
const BASELINE_SECONDS = Number(args.get('baseline-seconds') ?? Math.min(15, Math.max(3, Math.round(SECONDS / 4))));
const BASE_URL = args.get('url') ?? process.env.IMMICH_LENS_TEST_PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const BIN = resolve(__dirname, '../../bin/immich-lens.js');
const KEY = randomBytes(12).toString('hex');

const WORDS = ['发票', '收据', '会议', '通知', '合同', '快递', '停车', '餐厅', '酒店', '机票', 'invoice', 'receipt', 'meeting', 'parking', 'hotel', 'menu', 'total', 'ticket'];
const log = (...parts: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);

function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function renderPhoto(file: string, lines: string[]) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="720" height="${lines.length * 64 + 60}"><rect width="100%" height="100%" fill="#fff"/>${lines
    .map((l, i) => `<text x="30" y="${70 + i * 64}" font-family="Noto Sans CJK SC" font-size="40" fill="#111">${l}</text>`)
    .join('')}</svg>`;
  await sharp(Buffer.from(svg)).png().toFile(file);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function startServe(url: string, port: number): Promise<ChildProcess> {
  // BENCH_SERVE_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  const nodeArgs = (process.env.BENCH_SERVE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'serve', '--db', url, '--port', String(port), '--api-key', KEY], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('listening')) resolvePromise(child);
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

function rssKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : NaN;
}

interface Stats {
  latencies: Record<string, number[]>;
  errors: string[];
  requests: number;
}

async function load(base: string, seconds: number, mix: { regenerate: number }, assetIds: string[]): Promise<Stats> {
  const stats: Stats = { latencies: {}, errors: [], requests: 0 };
  const deadline = performance.now() + seconds * 1000;
  const client = async (n: number) => {
    const random = rng(n + 1);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    while (performance.now() < deadline) {
      const r = random();
      let kind: string;
      let path: string;
      let body: unknown;
      if (r < mix.regenerate) {
        kind = 'regenerate-ocr';
        path = '/api/assets/jobs';
        body = { assetIds: [pick(assetIds)], name: 'regenerate-ocr' };
      } else if (r < mix.regenerate + (1 - mix.regenerate) / 2) {
        kind = 'search/smart ocr:';
        path = '/api/search/smart';
        body = { query: random() < 0.3 ? `ocr:${pick(WORDS)} ocr:${pick(WORDS)}` : `ocr:${pick(WORDS)}`, size: 50 };
      } else {
        kind = 'search/ocr';
        path = '/api/search/ocr';
        body = { query: random() < 0.2 ? `${pick(WORDS)} -ocr:${pick(WORDS)}` : pick(WORDS), size: 50 };
      }
      const started = performance.now();
      try {
        const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify(body) });
        const text = await res.text();
        if (!res.ok) stats.errors.push(`${kind} ${res.status} ${text.slice(0, 200)}`);
      } catch (error) {
        stats.errors.push(`${kind} ${(error as Error).message}`);
      }
      (stats.latencies[kind] ??= []).push(performance.now() - started);
      stats.requests++;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  return stats;
}

function report(name: string, stats: Stats, seconds: number) {
  log(`${name}: ${stats.requests} requests in ${seconds} s (${(stats.requests / seconds).toFixed(1)}/s), ${stats.errors.length} errors`);
  const all = Object.values(stats.latencies).flat().sort((a, b) => a - b);
  const rows = [...Object.entries(stats.latencies), ['all', all] as [string, number[]]].map(([kind, list]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return `  ${kind.padEnd(20)} n=${String(sorted.length).padStart(6)}  p50 ${percentile(sorted, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(sorted, 95).toFixed(1).padStart(7)} ms  p99 ${percentile(sorted, 99).toFixed(1).padStart(7)} ms  max ${sorted[sorted.length - 1]?.toFixed(1).padStart(7)} ms`;
  });
  for (const row of rows) console.log(row);
  for (const e of stats.errors.slice(0, 10)) console.log('  error:', e);
}

async function main() {
  const name = `immich_lens_bench_serve_${randomBytes(4).toString('hex')}`;
  const admin = new Pool({ connectionString: BASE_URL, max: 1 });
  await admin.query(`create database ${name} LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  const db = new Kysely<StandaloneDatabase>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: dbUrl, max: 4 }) }) });
  const work = mkdtempSync(join(tmpdir(), 'immich-lens-bench-serve-'));
  let server: ChildProcess | undefined;
  try {
    await applyStandaloneSchema(db);
    const userId = await ensureUser(db);
    await createApiKey(db, userId, 'bench', ['all'], KEY);

    log(`corpus: ${CORPUS} imported OCR texts + ${PHOTOS} rendered photos (OCR by immich-lens index)`);
    const random = rng(7);
    const paths = new IndexedFileRepository(db);
    const assets = new AssetRepository(db);
    for (let i = 0; i < CORPUS; i++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 4) }, () => Array.from({ length: 2 + Math.floor(random() * 4) }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' '));
      await assets.replaceOcr(await paths.ensurePath(userId, `/imported/${i}.jpg`), ocrFromText(lines.join('\n')));
    }
    const photos = join(work, 'photos');
    mkdirSync(photos);
    for (let i = 0; i < PHOTOS; i++) await renderPhoto(join(photos, `p${i}.png`), [`${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]}`, `No. ${1000 + i}`]);
    const index = await promisify(execFile)(process.execPath, [BIN, 'index', '--db', dbUrl, photos]);
    log(index.stdout.trim().split('\n')[0]);
    const photoIds = (await db.selectFrom('asset').select('id').where('originalPath', 'like', `${photos}/%`).execute()).map((r) => r.id);

    const port = 20000 + Math.floor(Math.random() * 20000);
    server = await startServe(dbUrl, port);
    const base = `http://127.0.0.1:${port}`;
    log(`serve pid ${server.pid} on ${base}; RSS after start ${(rssKb(server.pid!, 'VmRSS') / 1024).toFixed(0)} MiB`);

    log(`phase 1 (peer): search only, ${CLIENTS} clients, ${BASELINE_SECONDS} s`);
    const baseline = await load(base, BASELINE_SECONDS, { regenerate: 0 }, photoIds);
    report('search only', baseline, BASELINE_SECONDS);

    log(`phase 2: searches + 10% regenerate-ocr, ${CLIENTS} clients, ${SECONDS} s`);
    const mixed = await load(base, SECONDS, { regenerate: 0.1 }, photoIds);
    report('mixed', mixed, SECONDS);

    const jobs = await db.selectFrom('lens_job').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
    log(`jobs at the end: ${jobs.map((j) => `${j.status} ${j.n}`).join(', ')}`);
    log(`serve peak RSS (VmHWM): ${(rssKb(server.pid!, 'VmHWM') / 1024).toFixed(0)} MiB`);
    const errors = baseline.errors.length + mixed.errors.length;
    log(errors === 0 ? 'zero errors' : `${errors} ERRORS`);
    process.exitCode = errors === 0 ? 0 : 1;
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    await db.destroy();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
