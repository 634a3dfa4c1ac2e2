/**
 * Runs one OCR system over an eval set and writes predictions for score.mjs:
 *   node dist/scripts/bench-ocr/run-system.js SYSTEM SET_DIR OUT.json [LIMIT]
 * Each system runs in its own process: the peers bring their own onnxruntime and sharp builds.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ModelManager } from '../../server-module/inference/model-manager';
import { OcrEngine } from '../../server-module/inference/ocr/ocr-engine';
import { embeddedOcrModel } from '../../server-module/inference/ocr/ocr-models';
import { readingLines } from '../../server-module/inference/ocr/reading-lines';

interface Reader {
  read(file: string): Promise<string[]>;
  overhead?: () => { sessionMs: number; totalMs: number };
}

/** Time inside session.run comes from the model manager's own counters, read from outside the engine. */
async function immichLens(): Promise<Reader> {
  const manager = new ModelManager();
  const model = embeddedOcrModel();
  const engine = await OcrEngine.load(model, manager);
  const files = [model.detection, model.recognition, model.classification].filter((f): f is string => !!f);
  let totalMs = 0;
  return {
    async read(file) {
      const started = performance.now();
      const lines = readingLines(await engine.run(file));
      totalMs += performance.now() - started;
      return lines;
    },
    overhead: () => ({ sessionMs: files.reduce((sum, f) => sum + manager.stats(f).runMs, 0), totalMs }),
  };
}

async function gutenye(): Promise<Reader> {
  const { default: Ocr } = await import('@gutenye/ocr-node');
  const ocr = await Ocr.create();
  return { read: async (file) => ((await ocr.detect(file)) as { text: string }[]).map((line) => line.text) };
}

async function tesseract(): Promise<Reader> {
  const run = promisify(execFile);
  await run('tesseract', ['--version']);
  return {
    async read(file) {
      const { stdout } = await run('tesseract', [file, 'stdout', '-l', 'chi_sim+eng', '--psm', '3'], { maxBuffer: 1 << 24 });
      return stdout.split('\n').filter((line) => line.trim().length > 0);
    },
  };
}

const systems: Record<string, () => Promise<Reader>> = { 'immich-lens': immichLens, '@gutenye/ocr-node': gutenye, tesseract };

async function main() {
  const [system, setDir, out, limit] = process.argv.slice(2);
  const manifest: { file: string }[] = JSON.parse(readFileSync(join(setDir, 'manifest.json'), 'utf8'));
  const files = manifest.slice(0, limit ? Number(limit) : undefined).map((m) => m.file);
  const reader = await systems[system]();
  await reader.read(join(setDir, 'images', files[0])); // warm-up: first-run allocations are not per-image cost
  const warmOverhead = reader.overhead?.();
  const predictions: Record<string, unknown> = {};
  for (const file of files) {
    const start = performance.now();
    const text = await reader.read(join(setDir, 'images', file));
    predictions[file] = { text, seconds: (performance.now() - start) / 1000 };
  }
  const overhead = reader.overhead?.();
  if (overhead && warmOverhead) {
    predictions._meta = { sessionMs: overhead.sessionMs - warmOverhead.sessionMs, totalMs: overhead.totalMs - warmOverhead.totalMs };
  }
  writeFileSync(out, JSON.stringify(predictions, null, 1));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
