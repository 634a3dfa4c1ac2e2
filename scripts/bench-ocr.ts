/**
 * `npm run bench:ocr [-- --set DIR] [--limit N] [--systems a,b]`: CER, line exact-match and seconds per
 * image for immich-lens and, in the same run on the same images, Tesseract (chi_sim+eng) and
 * @gutenye/ocr-node (same PP-OCRv4 weights); plus immich-lens's time outside `session.run`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const option = (name: string, fallback?: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const setDir = resolve(option('--set', join(root, '..', 'shared', 'eval', 'ocr-dev'))!);
const limit = option('--limit');
const systems = option('--systems', 'immich-lens,@gutenye/ocr-node,tesseract')!.split(',');
const outDir = join(root, 'bench-results', 'ocr');

interface Aggregate { cer: number; line_em: number; s_per_img: number | null; images: number }
interface Report { overall: Aggregate; byCondition: Record<string, Aggregate> }

async function main() {
  mkdirSync(outDir, { recursive: true });
  const score: { scoreAll(manifest: unknown, preds: unknown): Report; table(r: Report, name: string): string } = await import(
    pathToFileURL(existsSync(join(setDir, 'score.mjs')) ? join(setDir, 'score.mjs') : join(root, '..', 'shared', 'eval', 'ocr-dev', 'score.mjs')).href
  );
  const manifest = JSON.parse(readFileSync(join(setDir, 'manifest.json'), 'utf8'));
  const used = limit ? manifest.slice(0, Number(limit)) : manifest;
  console.log(`OCR benchmark: ${used.length} images from ${setDir}, ${cpus().length} cores, node ${process.version}\n`);

  const reports: Record<string, Report> = {};
  let overheadLine = '';
  for (const system of systems) {
    const out = join(outDir, `${system.replace(/[^a-z0-9-]/gi, '_')}.json`);
    try {
      execFileSync(process.execPath, [join(__dirname, 'bench-ocr', 'run-system.js'), system, setDir, out, ...(limit ? [limit] : [])], {
        stdio: ['ignore', 'inherit', 'pipe'],
      });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
      console.log(`${system}: not run (${stderr || (error as Error).message})\n`);
      continue;
    }
    const predictions = JSON.parse(readFileSync(out, 'utf8'));
    reports[system] = score.scoreAll(used, predictions);
    console.log(score.table(reports[system], system) + '\n');
    if (predictions._meta) {
      const { sessionMs, totalMs } = predictions._meta;
      overheadLine = `${system}: time outside session.run = ${(100 * (1 - sessionMs / totalMs)).toFixed(1)} % ` +
        `(${((totalMs - sessionMs) / used.length).toFixed(1)} ms of ${(totalMs / used.length).toFixed(1)} ms per image)`;
    }
  }

  const conditions = Object.keys(Object.values(reports)[0]?.byCondition ?? {});
  const cell = (a: Aggregate) => `${a.cer.toFixed(3)}/${a.line_em.toFixed(2)}`;
  console.log(`Summary — CER / line exact-match per condition, seconds per image`);
  console.log(['system'.padEnd(18), ...conditions.map((c) => c.padStart(11)), 'all'.padStart(11), 's/img'.padStart(7)].join(' '));
  for (const [system, r] of Object.entries(reports)) {
    console.log([system.padEnd(18), ...conditions.map((c) => cell(r.byCondition[c]).padStart(11)), cell(r.overall).padStart(11), (r.overall.s_per_img ?? 0).toFixed(3).padStart(7)].join(' '));
  }
  if (overheadLine) console.log(`\n${overheadLine}`);
  console.log(`\npredictions: ${outDir}${existsSync(outDir) ? '' : ' (none)'}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
