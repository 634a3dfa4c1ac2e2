/** The local ML provider loads and runs inside a worker_thread (Immich's microservices run there). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LocalMachineLearningRepository } from '../../server-module/ml-provider/machine-learning.repository';
import { DEFAULT_MACHINE_LEARNING_CONFIG } from '../../server-module/ml-provider/types';
import { writeImmichModel } from '../clip/fixtures';
import { renderLines } from '../ocr/render';

describe('LocalMachineLearningRepository in a worker_thread', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'immich-lens-ml-worker-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the same OCR and embeddings as on the main thread', async () => {
    const photo = join(dir, 'photo.png');
    writeFileSync(photo, (await renderLines(['工作线程 worker 42'])).png);
    await writeImmichModel(join(dir, 'clip', 'tiny-clip'), { size: 16, dim: 8, contextLength: 77 });
    const result = await new Promise<{ ocr: { text: string[] }; image: string; text: string; fatal?: string }>((resolve, reject) => {
      const worker = new Worker(join(__dirname, 'worker', 'ml-worker.js'), { workerData: { cacheFolder: dir, photo } });
      worker.once('message', (m) => {
        void worker.terminate();
        if (m.fatal) reject(new Error(`worker failed: ${m.fatal}`));
        else resolve(m);
      });
      worker.once('error', reject);
    });
    const ml = new LocalMachineLearningRepository({ local: ['clip', 'ocr'], cacheFolder: dir, remoteFallback: false, threads: 1, idleUnloadMs: 0 });
    ml.setup({ ...DEFAULT_MACHINE_LEARNING_CONFIG, urls: [], availabilityChecks: { enabled: false, timeout: 1000, interval: 1000 } });
    try {
      const ocr = await ml.ocr(photo, { modelName: 'PP-OCRv5_mobile', minDetectionScore: 0.5, minRecognitionScore: 0.8, maxResolution: 736 });
      expect(result.ocr).toEqual(ocr);
      expect(ocr.text.join(' ')).toMatch(/worker/);
      const close = (a: string, b: string) => (JSON.parse(a) as number[]).forEach((x, i) => expect(x).toBeCloseTo((JSON.parse(b) as number[])[i], 5));
      close(result.image, await ml.encodeImage(photo, { modelName: 'tiny-clip' }));
      close(result.text, await ml.encodeText('a cat', { modelName: 'tiny-clip' }));
    } finally {
      await ml.dispose();
    }
  });
});
