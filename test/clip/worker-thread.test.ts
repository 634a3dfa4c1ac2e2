import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ClipModel } from '../../server-module/inference/clip';
import { ModelManager } from '../../server-module/inference/model-manager';
import { writeImmichModel, writeRgbPng } from './fixtures';

interface WorkerResult {
  images: number[][];
  text: number[];
  again: number[];
  stats: { loads: number; unloads: number };
  fatal?: string;
}

function runWorker(workerData: object): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'worker', 'clip-worker.js'), { workerData });
    worker.once('message', (m: WorkerResult) => {
      void worker.terminate();
      if (m.fatal) reject(new Error(`worker failed: ${m.fatal}`));
      else resolve(m);
    });
    worker.once('error', reject);
  });
}

describe('CLIP engine inside a worker_thread', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'clip-worker-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loads onnxruntime-node and sharp in a worker and returns the same embeddings as the main thread', async () => {
    const model = await writeImmichModel(path.join(dir, 'model'), { size: 8, dim: 5, contextLength: 8 });
    const images = await Promise.all([0, 1, 2].map((k) => writeRgbPng(path.join(dir, `w${k}.png`), 12, 9, (x, y) => [x * 20 + k, y * 25, (x + y) * 9])));

    const result = await runWorker({ modelDir: model.dir, images, text: 'a cat' });

    const manager = new ModelManager({ intraOpThreads: 1, idleUnloadMs: 0 });
    const clip = await ClipModel.open(model.dir, manager);
    for (const [i, img] of images.entries()) {
      const mine = await clip.encodeImage(img);
      expect(result.images[i]).toHaveLength(5);
      result.images[i].forEach((x, d) => expect(x).toBeCloseTo(mine[d], 5));
    }
    const text = await clip.encodeText('a cat');
    result.text.forEach((x, d) => expect(x).toBeCloseTo(text[d], 5));
    result.again.forEach((x, d) => expect(x).toBeCloseTo(result.images[0][d], 5)); // after idle unload + reload
    expect(result.stats).toMatchObject({ loads: 2, unloads: 1 });
    await manager.dispose();
  });
});
