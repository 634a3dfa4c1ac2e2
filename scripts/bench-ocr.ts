/**
 * `npm run bench:ocr [-- --set DIR]... [--limit N] [--systems a,b] [--model DIR]`: per condition, for every system
 * in one run — immich-lens, @gutenye/ocr-node (same PP-OCRv4 weights) and Tesseract (chi_sim+eng)
 * — row CER (the rows in reading order, what the index stores), box CER (each box's text as a line,
 * Immich's shape), line exact-match, seconds per image, and for immich-lens the share of its time
 * spent outside session.run. Sets default to ../shared/eval/ocr-dev and, when generated,
 * bench-results/ocr-dev-set (scripts/ocr-dev-set). Each system runs in its own process; images are
 * handed to the systems in turn, one image at a time, so load from elsewhere on the machine falls
 * on all of them alike. Scoring is the set's score.mjs (ocr-dev's when the set has none). `--model`
 * runs immich-lens on a model directory in Immich's cache layout (e.g. a PP-OCRv5 detector).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Reading } from './bench-ocr/run-system';

const root = resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const option = (name: string, fallback?: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const optionAll = (name: string) => args.flatMap((a, i) => (a === name ? [args[i + 1]] : []));
const devSet = join(root, '..', 'shared', 'eval', 'ocr-dev');
const generatedSet = join(root, 'bench-results', 'ocr-dev-set');
const sets = (optionAll('--set').length ? optionAll('--set') : [devSet, ...(existsSync(join(generatedSet, 'manifest.json')) ? [generatedSet] : [])]).map((d) => resolve(d));
const limit = option('--limit');
const systems = option('--systems', 'immich-lens,@gutenye/ocr-node,tesseract')!.split(',');
const modelDir = option('--model');
const outDir = join(root, 'bench-results', 'ocr');

interface Aggregate { cer: number; line_em: number; s_per_img: number | null; images: number }
interface Report { overall: Aggregate; byCondition: Record<string, Aggregate> }
interface Scorer { scoreAll(manifest: unknown, preds: unknown): Report }
interface Entry { file: string; condition: string; lines: string[] }
type Reply = Reading | { error: string };

/** A system's worker process: `read` hands it one image and waits for its answer. */
async function startSystem(system: string): Promise<{ read(file: string): Promise<Reply>; stop(): void } | string> {
  const workerArgs = system === 'immich-lens' && modelDir ? [system, resolve(modelDir)] : [system];
  const child: ChildProcess = fork(join(__dirname, 'bench-ocr', 'run-system.js'), workerArgs, { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  let pending: ((reply: Reply) => void) | undefined;
  const ready = new Promise<boolean>((resolveReady) => {
    child.once('exit', () => {
      resolveReady(false);
      pending?.({ error: stderr.trim() || 'exited' });
    });
    child.on('message', (message: Reply & { ready?: boolean }) => {
      if (message.ready) resolveReady(true);
      else pending?.(message);
    });
  });
  if (!(await ready)) return stderr.trim() || 'exited before it was ready';
  return {
    read: (file) =>
      new Promise<Reply>((resolveRead) => {
        pending = resolveRead;
        child.send({ file });
      }),
    stop: () => child.send({ done: true }),
  };
}

const f3 = (x: number | null | undefined) => (x == null ? '-' : x.toFixed(3));

async function main() {
  mkdirSync(outDir, { recursive: true });
  const loaded = await Promise.all(
    sets.map(async (dir) => {
      const scorerFile = existsSync(join(dir, 'score.mjs')) ? join(dir, 'score.mjs') : join(devSet, 'score.mjs');
      const scorer: Scorer = await import(pathToFileURL(scorerFile).href);
      const manifest: Entry[] = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      return { dir, scorer, manifest: limit ? manifest.slice(0, Number(limit)) : manifest };
    }),
  );
  const images = loaded.flatMap((s) => s.manifest.map((m) => join(s.dir, 'images', m.file)));
  if (modelDir) console.log(`immich-lens reads with the model in ${resolve(modelDir)}`);
  console.log(`OCR benchmark: ${images.length} images (${loaded.map((s) => `${basename(s.dir)} ${s.manifest.length}`).join(', ')}), ` +
    `${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}\n`);

  const running: { system: string; worker: Exclude<Awaited<ReturnType<typeof startSystem>>, string> }[] = [];
  for (const system of systems) {
    const worker = await startSystem(system);
    if (typeof worker === 'string') console.log(`${system}: not run (${worker})`);
    else running.push({ system, worker });
  }
  const readings: Record<string, Record<string, Reply>> = Object.fromEntries(running.map((r) => [r.system, {}]));
  for (const { worker } of running) await worker.read(images[0]); // warm-up: first-run allocations are not per-image cost
  for (const [n, image] of images.entries()) {
    const turn = running.slice(n % running.length).concat(running.slice(0, n % running.length));
    for (const { system, worker } of turn) readings[system][image] = await worker.read(image);
  }
  for (const { worker } of running) worker.stop();

  for (const set of loaded) {
    console.log(`== ${basename(set.dir)} (${set.manifest.length} images)`);
    const conditions = [...new Set(set.manifest.map((m) => m.condition))];
    const header = ['condition', 'system', 'row CER', 'box CER', 'line EM', 's/img', 'outside run'];
    const rows: string[][] = [];
    const outside: Record<string, { session: number; total: number }> = {};
    const reports = running.map(({ system }) => {
      const pick = (field: 'rows' | 'boxes') =>
        Object.fromEntries(set.manifest.map((m) => {
          const r = readings[system][join(set.dir, 'images', m.file)];
          return [m.file, 'error' in r ? { text: [], seconds: null } : { text: r[field], seconds: r.seconds }];
        }));
      for (const m of set.manifest) {
        const r = readings[system][join(set.dir, 'images', m.file)];
        if ('error' in r || r.sessionMs === undefined) continue;
        for (const key of [m.condition, 'ALL']) {
          const o = (outside[`${system}|${key}`] ??= { session: 0, total: 0 });
          o.session += r.sessionMs;
          o.total += r.seconds * 1000;
        }
      }
      writeFileSync(join(outDir, `${basename(set.dir)}.${system.replace(/[^a-z0-9-]/gi, '_')}.json`), JSON.stringify(readings[system], null, 1));
      return { system, rows: set.scorer.scoreAll(set.manifest, pick('rows')), boxes: set.scorer.scoreAll(set.manifest, pick('boxes')) };
    });
    for (const condition of [...conditions, 'ALL']) {
      reports.forEach(({ system, rows: r, boxes: b }, k) => {
        const a = condition === 'ALL' ? r.overall : r.byCondition[condition];
        const boxCer = condition === 'ALL' ? b.overall.cer : b.byCondition[condition].cer;
        const o = outside[`${system}|${condition}`];
        rows.push([k === 0 ? `${condition} (${a.images})` : '', system, f3(a.cer), f3(boxCer), a.line_em.toFixed(2), f3(a.s_per_img), o ? `${((100 * (o.total - o.session)) / o.total).toFixed(1)} %` : '']);
      });
    }
    const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
    const line = (r: string[]) => r.map((c, k) => (k < 2 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join('  ');
    console.log([line(header), ...rows.map(line)].join('\n'));
    const lens = reports.find((r) => r.system === 'immich-lens')?.rows.overall.s_per_img;
    const peer = reports.find((r) => r.system === '@gutenye/ocr-node')?.rows.overall.s_per_img;
    if (lens && peer) console.log(`immich-lens seconds per image = ${(lens / peer).toFixed(2)} × @gutenye/ocr-node's`);
    console.log('');
  }
  console.log(`readings: ${outDir}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
