import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { ModelInputError, ModelLoadError, ModelManager } from '../../server-module/inference/model-manager';
import { linearMap, linearVisualModel } from './tiny-models';

const SIZE = 4;
const DIM = 3;
let dir: string;
let modelPath: string;
const visual = linearVisualModel({ size: SIZE, dim: DIM, seed: 7 });

function pixels(seed: number): Float32Array {
  return Float32Array.from({ length: 3 * SIZE * SIZE }, (_, i) => ((i * 7 + seed) % 11) / 10);
}
const feed = (p: Float32Array) => ({ image: new ort.Tensor('float32', p, [1, 3, SIZE, SIZE]) });

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'model-manager-'));
  modelPath = path.join(dir, 'visual.onnx');
  await writeFile(modelPath, visual.bytes);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('ModelManager', () => {
  it('loads lazily, once per file, and computes the model', async () => {
    const manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: 1 });
    const a = manager.model(modelPath);
    const b = manager.model(path.join(dir, '.', 'visual.onnx'));
    expect(manager.isLoaded(modelPath)).toBe(false);

    const p = pixels(1);
    const out = await a.run(feed(p));
    await b.run(feed(pixels(2)));
    const expected = linearMap(p, visual.weights, DIM);
    expect(Array.from(out.embedding.data as Float32Array).map((x) => +x.toFixed(4))).toEqual(Array.from(expected).map((x) => +x.toFixed(4)));
    expect(a.stats()).toMatchObject({ loaded: true, loads: 1, runs: 2 });
    await manager.dispose();
    expect(manager.isLoaded(modelPath)).toBe(false);
    await expect(a.run(feed(p))).rejects.toThrow('has been disposed');
    expect(manager.isLoaded(modelPath)).toBe(false);
  });

  it('preloads the configured list before any run', async () => {
    const manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: 1, preload: [modelPath] });
    await manager.preload();
    expect(manager.stats(modelPath)).toMatchObject({ loaded: true, loads: 1, runs: 0 });
    const info = await manager.info(modelPath);
    expect(info.inputNames).toEqual(['image']);
    expect(info.inputMetadata[0]).toMatchObject({ type: 'float32', shape: ['N', 3, SIZE, SIZE] });
    await manager.dispose();
  });

  it('unloads after the idle time and reloads on the next run with the same results', async () => {
    const manager = new ModelManager({ idleUnloadMs: 50, intraOpThreads: 1 });
    const model = manager.model(modelPath);
    const first = await model.run(feed(pixels(3)));
    expect(model.stats().loaded).toBe(true);
    await waitFor(() => !model.stats().loaded);
    expect(model.stats()).toMatchObject({ loads: 1, unloads: 1 });

    const again = await model.run(feed(pixels(3)));
    expect(Array.from(again.embedding.data as Float32Array)).toEqual(Array.from(first.embedding.data as Float32Array));
    expect(model.stats()).toMatchObject({ loaded: true, loads: 2 });
    await manager.dispose();
  });

  it('keeps a model loaded while it is used more often than the idle time', async () => {
    const manager = new ModelManager({ idleUnloadMs: 150, intraOpThreads: 1 });
    const model = manager.model(modelPath);
    for (let i = 0; i < 6; i++) {
      await model.run(feed(pixels(i)));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(model.stats()).toMatchObject({ loads: 1, unloads: 0, loaded: true });
    await manager.dispose();
  });

  it('bounds concurrent runs per session and still answers every caller', async () => {
    for (const limit of [2, 6]) {
      const manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: 1, maxConcurrentRuns: limit });
      const model = manager.model(modelPath);
      const inputs = Array.from({ length: 6 }, (_, i) => pixels(i));
      const outs = await Promise.all(inputs.map((p) => model.run(feed(p))));
      outs.forEach((o, i) => {
        const expected = linearMap(inputs[i], visual.weights, DIM);
        expect((o.embedding.data as Float32Array)[0]).toBeCloseTo(expected[0], 4);
      });
      // with 6 callers at once, the peak equals the bound: never above it, and reached
      expect(model.stats()).toMatchObject({ peakActiveRuns: limit, runs: 6, activeRuns: 0, waitingRuns: 0 });
      await manager.dispose();
    }
  });

  it('reports a missing, empty or corrupt model file as ModelLoadError naming the file, and recovers once it is fixed', async () => {
    const manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: 1 });
    const missing = path.join(dir, 'missing.onnx');
    await expect(manager.run(missing, feed(pixels(0)))).rejects.toThrow(ModelLoadError);
    await expect(manager.run(missing, feed(pixels(0)))).rejects.toThrow(`model file not found: ${missing}`);

    const corrupt = path.join(dir, 'corrupt.onnx');
    await writeFile(corrupt, Buffer.from(visual.bytes).subarray(0, 40)); // truncated download
    const error = await manager.run(corrupt, feed(pixels(0))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).modelPath).toBe(corrupt);
    expect((error as Error).message).toContain(corrupt);

    const empty = path.join(dir, 'empty.onnx');
    await writeFile(empty, '');
    await expect(manager.run(empty, feed(pixels(0)))).rejects.toThrow(/empty.*empty\.onnx/);

    await writeFile(corrupt, visual.bytes);
    const out = await manager.run(corrupt, feed(pixels(0)));
    expect(out.embedding.dims).toEqual([1, DIM]);
    await manager.dispose();
  });

  it('rejects feeds that do not match the declared inputs with a clear ModelInputError', async () => {
    const manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: 1 });
    const wrongSize = { image: new ort.Tensor('float32', new Float32Array(3 * 5 * 5), [1, 3, 5, 5]) };
    await expect(manager.run(modelPath, wrongSize)).rejects.toThrow(ModelInputError);
    await expect(manager.run(modelPath, wrongSize)).rejects.toThrow('input "image" has shape [1,3,5,5], the model expects [N,3,4,4]');
    const wrongType = { image: new ort.Tensor('int32', new Int32Array(3 * SIZE * SIZE), [1, 3, SIZE, SIZE]) };
    await expect(manager.run(modelPath, wrongType)).rejects.toThrow('input "image" is int32, the model expects float32');
    await expect(manager.run(modelPath, { pixels: feed(pixels(0)).image })).rejects.toThrow('unknown input "pixels" (model inputs: image)');
    // a failed check does not poison the session
    expect((await manager.run(modelPath, feed(pixels(1)))).embedding.dims).toEqual([1, DIM]);
    await manager.dispose();
  });

  it('creates sessions under every thread spinning policy with the same results', async () => {
    const p = pixels(4);
    const expected = Array.from(linearMap(p, visual.weights, DIM)).map((x) => +x.toFixed(4));
    for (const threadSpinning of ['always', 'during-run', 'never', undefined] as const) {
      const manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: 2, threadSpinning });
      const out = await manager.run(modelPath, feed(p));
      expect(Array.from(out.embedding.data as Float32Array).map((x) => +x.toFixed(4))).toEqual(expected);
      await manager.dispose();
    }
  });

  it('validates its options', () => {
    expect(() => new ModelManager({ threadSpinning: 'sometimes' as never })).toThrow(RangeError);
    expect(() => new ModelManager({ maxConcurrentRuns: 0 })).toThrow(RangeError);
    expect(() => new ModelManager({ intraOpThreads: 1.5 })).toThrow(RangeError);
    expect(() => new ModelManager({ idleUnloadMs: -1 })).toThrow(RangeError);
  });
});
