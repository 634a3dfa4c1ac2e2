import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { OcrRun } from '../../server-module/inference/ocr/ocr-engine';
import { useEmbeddedEngine } from './engine';
import { renderLines } from './render';

const engine = useEmbeddedEngine();

function readInWorker(png: Buffer): Promise<OcrRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'worker', 'ocr-worker.js'), { workerData: { png } });
    worker.once('message', (m: { result?: OcrRun; fatal?: string }) => {
      void worker.terminate();
      if (m.fatal) reject(new Error(`worker failed: ${m.fatal}`));
      else resolve(m.result!);
    });
    worker.once('error', reject);
  });
}

describe('OCR engine inside a worker_thread (Immich runs jobs in one)', () => {
  it('loads onnxruntime-node and sharp in the worker and reads what the main thread reads', async () => {
    const { png } = await renderLines(['工作线程', 'worker 42'], { size: 44 });
    const inWorker = await readInWorker(png);
    const here = await engine().run(png);
    expect(inWorker.text).toEqual(here.text);
    expect(inWorker.text.join('')).toContain('工作线程');
    inWorker.box.forEach((v, i) => expect(v).toBeCloseTo(here.box[i], 6));
  });
});
