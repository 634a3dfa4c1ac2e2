/**
 * LocalMachineLearningRepository: Immich's method signatures and shapes; CLIP/OCR in-process on real
 * ONNX sessions; faces (and delegated tasks) sent to a local server speaking Immich ML's /predict.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalMachineLearningRepository } from '../../server-module/ml-provider/machine-learning.repository';
import { DEFAULT_MACHINE_LEARNING_CONFIG, LensInferenceConfig, MachineLearningConfig } from '../../server-module/ml-provider/types';
import { writeImmichModel } from '../clip/fixtures';
import { renderLines } from '../ocr/render';
import { FakeMl, startFakeMl } from './ml-server';

const FACES = { imageHeight: 480, imageWidth: 640, 'facial-recognition': [{ boundingBox: { x1: 10, y1: 20, x2: 110, y2: 140 }, embedding: '[0.1,0.2]', score: 0.93 }] };

describe('LocalMachineLearningRepository', () => {
  let dir: string;
  let photo: string;
  let ml: FakeMl;
  let failing: FakeMl;
  const repos: LocalMachineLearningRepository[] = [];

  const config = (urls: string[]): MachineLearningConfig => ({ ...DEFAULT_MACHINE_LEARNING_CONFIG, urls, availabilityChecks: { enabled: false, timeout: 1000, interval: 30000 } });
  const repo = (lens: Partial<LensInferenceConfig>, urls: string[]) => {
    const r = new LocalMachineLearningRepository({ local: ['clip', 'ocr'], cacheFolder: join(dir, 'cache'), remoteFallback: false, threads: 1, idleUnloadMs: 0, ...lens });
    r.setup(config(urls));
    repos.push(r);
    return r;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'immich-lens-ml-'));
    photo = join(dir, 'photo.png');
    writeFileSync(photo, (await renderLines(['发票号码 8812'])).png);
    await writeImmichModel(join(dir, 'cache', 'clip', 'tiny-clip'), { size: 32, dim: 16, contextLength: 77 });
    ml = await startFakeMl((request) => {
      if ('facial-recognition' in request.entries) return FACES;
      if ('clip' in request.entries) return { clip: '[1,0,0]', imageHeight: 1, imageWidth: 1 };
      if ('ocr' in request.entries) return { ocr: { text: ['remote'], box: [0, 0, 1, 0, 1, 1, 0, 1], boxScore: [0.9], textScore: [0.95] }, imageHeight: 1, imageWidth: 1 };
      throw new Error('unexpected entries');
    });
    failing = await startFakeMl(() => ({}), 500);
  });

  afterAll(async () => {
    await Promise.all(repos.map((r) => r.dispose()));
    await ml.close();
    await failing.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('detectFaces posts Immich ML\'s facial-recognition request with the image and returns Immich\'s DetectedFaces', async () => {
    const r = repo({}, [ml.url]);
    const before = ml.requests.length;
    const faces = await r.detectFaces(photo, { modelName: 'buffalo_l', minScore: 0.7 });
    expect(faces).toEqual({ imageHeight: 480, imageWidth: 640, faces: FACES['facial-recognition'] });
    const sent = ml.requests[before];
    expect(sent.entries).toEqual({ 'facial-recognition': { detection: { modelName: 'buffalo_l', options: { minScore: 0.7 } }, recognition: { modelName: 'buffalo_l' } } });
    expect(sent.image!.equals(readFileSync(photo))).toBe(true);
    expect(r.routed).toEqual({ 'faces:remote': 1 });
  });

  it('tries the next URL when one fails, then prefers the healthy one', async () => {
    const r = repo({}, [failing.url, ml.url]);
    const failedBefore = failing.requests.length;
    await r.detectFaces(photo, { modelName: 'buffalo_l', minScore: 0.7 });
    await r.detectFaces(photo, { modelName: 'buffalo_l', minScore: 0.7 });
    expect(failing.requests.length - failedBefore).toBe(1);
    await expect(repo({}, [failing.url]).detectFaces(photo, { modelName: 'buffalo_l', minScore: 0.7 })).rejects.toThrow(/failed for all URLs/);
  });

  it('runs CLIP in-process by model name and returns a vector literal', async () => {
    const r = repo({}, [ml.url]);
    const image = await r.encodeImage(photo, { modelName: 'tiny-clip' });
    const text = await r.encodeText('a cat', { modelName: 'tiny-clip', language: 'en' });
    for (const v of [image, text]) {
      const values = JSON.parse(v) as number[];
      expect(values).toHaveLength(16);
      expect(Math.hypot(...values)).toBeCloseTo(1, 4);
    }
    expect(r.routed).toEqual({ 'clip:local': 2 });
    await expect(r.encodeText('a cat', { modelName: 'missing-model' })).rejects.toThrow(/missing-model/);
  });

  it('runs OCR in-process (embedded model when the named one is not cached) in Immich\'s OCR shape', async () => {
    const r = repo({}, [ml.url]);
    const ocr = await r.ocr(photo, { modelName: 'PP-OCRv5_mobile', minDetectionScore: 0.5, minRecognitionScore: 0.8, maxResolution: 736 });
    expect(ocr.text.join('')).toContain('发票');
    expect(ocr.box).toHaveLength(ocr.text.length * 8);
    // Immich's four fields (its OcrService reads those) and the image's size, which the standalone index measures rows by
    expect(Object.keys(ocr).sort()).toEqual(['box', 'boxScore', 'height', 'text', 'textScore', 'width']);
    expect(ocr.width).toBeGreaterThan(0);
    expect(r.routed).toEqual({ 'ocr:local': 1 });
  });

  it('sends tasks not listed in IMMICH_LENS_LOCAL, and with remoteFallback missing models, to the remote service', async () => {
    const ocrOnly = repo({ local: ['ocr'] }, [ml.url]);
    const before = ml.requests.length;
    expect(await ocrOnly.encodeText('一只猫', { modelName: 'ViT-B-32__openai', language: 'zh' })).toBe('[1,0,0]');
    expect(ml.requests[before]).toEqual({ entries: { clip: { textual: { modelName: 'ViT-B-32__openai', options: { language: 'zh' } } } }, text: '一只猫', image: undefined });

    const fallback = repo({ remoteFallback: true }, [ml.url]);
    const ocr = await fallback.ocr(photo, { modelName: 'PP-OCRv5_server', minDetectionScore: 0.4, minRecognitionScore: 0.7, maxResolution: 1024 });
    expect(ocr).toEqual({ text: ['remote'], box: [0, 0, 1, 0, 1, 1, 0, 1], boxScore: [0.9], textScore: [0.95] });
    expect(ml.requests.at(-1)!.entries).toEqual({
      ocr: { detection: { modelName: 'PP-OCRv5_server', options: { minScore: 0.4, maxResolution: 1024 } }, recognition: { modelName: 'PP-OCRv5_server', options: { minScore: 0.7 } } },
    });
    expect(await fallback.encodeImage(photo, { modelName: 'not-in-cache' })).toBe('[1,0,0]');
    expect(fallback.clipRoute('tiny-clip')).toBe('local');
  });

  it('says in one line where CLIP runs, or why smart search cannot run yet, each time that changes', async () => {
    const lines: string[] = [];
    const logged = (lens: Partial<LensInferenceConfig>, modelName: string) => {
      const r = new LocalMachineLearningRepository({ local: ['clip', 'ocr'], cacheFolder: join(dir, 'cache'), remoteFallback: false, threads: 1, idleUnloadMs: 0, ...lens }, (l) => lines.push(l), undefined, { announceClip: true });
      repos.push(r);
      r.setup({ ...config([ml.url]), clip: { enabled: true, modelName } });
      return r;
    };
    const cache = join(dir, 'cache');
    const missing = logged({}, 'fresh-model');
    expect(lines).toEqual([
      `CLIP model fresh-model is not in ${cache}/clip and IMMICH_LENS_REMOTE_FALLBACK=false: smart-search jobs fail and free-text searches answer 400 until it is installed (scripts/download-models --cache ${cache} fresh-model) or the fallback is on`,
    ]);
    await expect(missing.encodeText('a cat', { modelName: 'fresh-model', language: 'en' })).rejects.toThrow(/CLIP model 'fresh-model' not found/);
    expect(lines).toHaveLength(1); // the same status is not repeated per request
    lines.length = 0;
    const fallback = logged({ remoteFallback: true }, 'fresh-model');
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^CLIP model fresh-model is not in ${cache}/clip: smart search goes to the ML service \\(${ml.url}\\) \\(IMMICH_LENS_REMOTE_FALLBACK=true\\)`))]);
    expect(await fallback.encodeText('a cat', { modelName: 'fresh-model', language: 'en' })).toBe('[1,0,0]');
    await writeImmichModel(join(cache, 'clip', 'fresh-model'), { size: 32, dim: 16, contextLength: 77 }); // the ML container downloaded it
    expect(JSON.parse(await fallback.encodeText('a cat', { modelName: 'fresh-model', language: 'en' }))).toHaveLength(16);
    expect(lines.at(-1)).toBe(`CLIP model fresh-model: in-process from ${join(cache, 'clip', 'fresh-model')}`);
    expect(lines.filter((l) => l.startsWith('CLIP'))).toEqual([lines[0], lines.at(-1)]); // one line per change
  });
});
