/**
 * One OCR system, serving the benchmark over IPC (forked by bench-ocr.ts): it receives
 * `{ file }`, answers `{ rows, boxes, seconds, sessionMs }` — the rows in reading order, the text
 * of each box, the wall time and the time inside session.run (immich-lens only) — and exits on
 * `{ done: true }`. Each system runs in its own process: the peers bring their own onnxruntime and
 * sharp builds.
 *   node dist/scripts/bench-ocr/run-system.js SYSTEM [MODEL_DIR]
 * MODEL_DIR (immich-lens): an OCR model directory in Immich's cache layout instead of the embedded one.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ModelManager } from '../../server-module/inference/model-manager';
import { OcrEngine } from '../../server-module/inference/ocr/ocr-engine';
import { embeddedOcrModel, ocrModelFromDirectory } from '../../server-module/inference/ocr/ocr-models';
import { readingLines } from '../../server-module/ocr-text/reading-lines';

export interface Reading {
  rows: string[];
  boxes: string[];
  seconds: number;
  sessionMs?: number;
}

type Reader = (file: string) => Promise<Omit<Reading, 'seconds'>>;

/** Time inside session.run comes from the model manager's own counters, read from outside the engine. */
async function immichLens(modelDir?: string): Promise<Reader> {
  const manager = new ModelManager();
  const model = modelDir ? ocrModelFromDirectory(modelDir) : embeddedOcrModel();
  const engine = await OcrEngine.load(model, manager);
  const files = [model.detection, model.recognition, model.classification].filter((f): f is string => !!f);
  const runMs = () => files.reduce((sum, f) => sum + manager.stats(f).runMs, 0);
  return async (file) => {
    const before = runMs();
    const result = await engine.run(file);
    return { rows: readingLines(result), boxes: result.text, sessionMs: runMs() - before };
  };
}

/** @gutenye/ocr-node's boxes are pixel corners; its rows come from the same reading-order rule. */
async function gutenye(): Promise<Reader> {
  const { default: Ocr } = await import('@gutenye/ocr-node');
  const ocr = await Ocr.create();
  return async (file) => {
    const lines = (await ocr.detect(file)) as { text: string; box?: number[][] }[];
    const box = lines.flatMap((l) => (l.box ?? [[0, 0], [0, 0], [0, 0], [0, 0]]).flat());
    return { rows: readingLines({ text: lines.map((l) => l.text), box }), boxes: lines.map((l) => l.text) };
  };
}

/** Tesseract's lines are its rows and its boxes (page segmentation mode 3). */
async function tesseract(): Promise<Reader> {
  const run = promisify(execFile);
  await run('tesseract', ['--version']);
  return async (file) => {
    const { stdout } = await run('tesseract', [file, 'stdout', '-l', 'chi_sim+eng', '--psm', '3'], { maxBuffer: 1 << 24 });
    const lines = stdout.split('\n').filter((line) => line.trim().length > 0);
    return { rows: lines, boxes: lines };
  };
}

const systems: Record<string, (modelDir?: string) => Promise<Reader>> = { 'immich-lens': immichLens, '@gutenye/ocr-node': gutenye, tesseract };

async function main() {
  const [system, modelDir] = process.argv.slice(2);
  if (!systems[system]) throw new Error(`unknown system ${system}`);
  const read = await systems[system](modelDir);
  process.send!({ ready: true });
  process.on('message', async (message: { file?: string; done?: boolean }) => {
    if (message.done) process.exit(0);
    try {
      const started = performance.now();
      const reading = await read(message.file!);
      process.send!({ ...reading, seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      process.send!({ error: error instanceof Error ? error.message : String(error) });
    }
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
