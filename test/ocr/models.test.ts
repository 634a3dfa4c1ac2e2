import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writer } from 'protobufjs/minimal';
import { ModelDimensionError, ModelLoadError } from '../../server-module/inference/model-errors';
import { ModelManager } from '../../server-module/inference/model-manager';
import { readOnnxMetadata } from '../../server-module/inference/onnx-metadata';
import { OcrEngine } from '../../server-module/inference/ocr/ocr-engine';
import { embeddedOcrModel, ocrModelFromDirectory, resolveOcrModel } from '../../server-module/inference/ocr/ocr-models';
import { readingLines } from '../../server-module/ocr-text/reading-lines';
import { realOcrCache } from './real-ocr-cache';
import { cer, renderLines } from './render';

const embedded = embeddedOcrModel();

/** Appends `metadata_props` entries (ModelProto field 14) to a serialized ONNX model, as RapidOCR's exports carry them. */
function withMetadata(model: Buffer, props: Record<string, string>): Buffer {
  const writer = Writer.create();
  for (const [key, value] of Object.entries(props)) {
    writer.uint32((14 << 3) | 2).fork().uint32((1 << 3) | 2).string(key).uint32((2 << 3) | 2).string(value).ldelim();
  }
  return Buffer.concat([model, Buffer.from(writer.finish())]);
}

/** Builds `<cache>/ocr/<name>/{detection,recognition,classification}/model.onnx` from the embedded files. */
async function cacheLayout(options: { dictionary?: 'file' | 'metadata'; classification?: boolean } = {}) {
  const cache = await mkdtemp(join(tmpdir(), 'ocr-cache-'));
  const dir = join(cache, 'ocr', 'PP-OCRv4_test');
  for (const sub of ['detection', 'recognition', 'classification']) await mkdir(join(dir, sub), { recursive: true });
  await copyFile(embedded.detection, join(dir, 'detection', 'model.onnx'));
  if (options.classification !== false) await copyFile(embedded.classification!, join(dir, 'classification', 'model.onnx'));
  if (options.dictionary === 'metadata') {
    const keys = await readFile(embedded.dictionary!, 'utf8');
    await writeFile(join(dir, 'recognition', 'model.onnx'), withMetadata(await readFile(embedded.recognition), { character: keys }));
  } else {
    await copyFile(embedded.recognition, join(dir, 'recognition', 'model.onnx'));
    await copyFile(embedded.dictionary!, join(dir, 'recognition', 'ppocr_keys_v1.txt'));
  }
  return { cache, dir };
}

async function readWith(model: ReturnType<typeof ocrModelFromDirectory>, texts: string[]) {
  const manager = new ModelManager({ idleUnloadMs: 0 });
  try {
    const engine = await OcrEngine.load(model, manager);
    const image = await renderLines(texts, { size: 44 });
    return readingLines(await engine.run(image.png));
  } finally {
    await manager.dispose();
  }
}

describe('real PP-OCRv5 / PP-OCRv6 detectors in Immich\'s cache layout (with the embedded v4 recogniser)', () => {
  const texts = ['增值税专用发票 No.35835237', 'Immich keeps your photos safe', '2024-05-18 合计：¥128.50'];

  it.each([
    ['PP-OCRv5_mobile', 'PP-OCRv5_mobile_det_fp16.onnx'],
    ['PP-OCRv6_tiny', 'PP-OCRv6_det_tiny.onnx'],
  ])('%s: the configured model is found in the cache and reads rendered text', async (name, file) => {
    const { cache } = await realOcrCache(name, file);
    const model = resolveOcrModel(cache, name, () => {
      throw new Error('fell back to the embedded model');
    });
    expect(model.detection).toContain(join('ocr', name, 'detection', 'model.onnx'));
    const lines = await readWith(model, texts);
    expect(lines).toHaveLength(texts.length);
    texts.forEach((t, i) => expect(cer(t, lines[i])).toBeLessThanOrEqual(0.1));
  });

  it.each([
    ['PP-OCRv5 dictionary (18383 characters)', 'ppocrv5_dict.txt', 18383],
    ['PP-OCRv6 tiny dictionary (6904 characters)', 'ppocr_keys_v6_tiny.txt', 6904],
  ])('refuses the %s beside the v4 recogniser (6625 classes), naming both files', async (_what, dictionary, characters) => {
    const { dir } = await realOcrCache('PP-OCRv5_mobile', 'PP-OCRv5_mobile_det_fp16.onnx', dictionary);
    const manager = new ModelManager({ idleUnloadMs: 0 });
    try {
      const error = await OcrEngine.load(ocrModelFromDirectory(dir), manager).catch((e) => e);
      expect(error).toBeInstanceOf(ModelDimensionError);
      expect(error.message).toContain(join(dir, 'recognition', 'model.onnx'));
      expect(error.message).toContain(join(dir, 'recognition', dictionary));
      expect(error.message).toContain(`predicts 6625 classes but dictionary`);
      expect(error.message).toContain(`has ${characters} characters`);
    } finally {
      await manager.dispose();
    }
  });
});

describe('OCR models', () => {
  it('loads a model directory in Immich\'s cache layout with a dictionary file', async () => {
    const { dir } = await cacheLayout();
    const model = ocrModelFromDirectory(dir);
    expect(model.dictionary).toMatch(/ppocr_keys_v1\.txt$/);
    expect(model.classification).toBeDefined();
    const lines = await readWith(model, ['缓存目录里的模型']);
    expect(cer('缓存目录里的模型', lines.join(''))).toBeLessThanOrEqual(0.1);
  });

  it('reads the character list from the recognition model\'s ONNX metadata when no dictionary file is there', async () => {
    const { dir } = await cacheLayout({ dictionary: 'metadata', classification: false });
    const model = ocrModelFromDirectory(dir);
    expect(model.dictionary).toBeUndefined();
    expect(model.classification).toBeUndefined();
    expect((await readOnnxMetadata(model.recognition)).character.split('\n')[0]).toBe("'");
    const lines = await readWith(model, ['元数据字典 OK']);
    expect(cer('元数据字典 OK', lines.join(''))).toBeLessThanOrEqual(0.1);
  });

  it('prefers the configured model in the ML cache folder and falls back to the embedded one with one log line', async () => {
    const { cache } = await cacheLayout();
    expect(resolveOcrModel(cache, 'PP-OCRv4_test').name).toBe('PP-OCRv4_test');
    const logged: string[] = [];
    const fallback = resolveOcrModel(cache, 'PP-OCRv5_mobile', (line) => logged.push(line));
    expect(fallback.detection).toBe(embedded.detection);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/PP-OCRv5_mobile.*embedded/);
  });

  it('names the missing file when a model file is absent', async () => {
    const { dir } = await cacheLayout();
    const missing = join(dir, 'nowhere');
    expect(() => ocrModelFromDirectory(missing)).toThrow(new RegExp(`${join(missing, 'detection', 'model.onnx')}`));
  });

  it('names the file when a model file is corrupt', async () => {
    const { dir } = await cacheLayout();
    const detection = join(dir, 'detection', 'model.onnx');
    await writeFile(detection, Buffer.from('this is not a protobuf model at all'));
    const manager = new ModelManager({ idleUnloadMs: 0 });
    const error = await OcrEngine.load(ocrModelFromDirectory(dir), manager).catch((e) => e);
    await manager.dispose();
    expect(error).toBeInstanceOf(ModelLoadError);
    expect(error.message).toContain(detection);
  });

  it('refuses a dictionary that does not match the recognition model\'s classes, naming both', async () => {
    const { dir } = await cacheLayout();
    const dict = join(dir, 'recognition', 'ppocr_keys_v1.txt');
    const keys = (await readFile(dict, 'utf8')).split('\n');
    await writeFile(dict, keys.slice(0, 1000).join('\n'));
    const manager = new ModelManager({ idleUnloadMs: 0 });
    try {
      const error = await OcrEngine.load(ocrModelFromDirectory(dir), manager).catch((e) => e);
      expect(error).toBeInstanceOf(ModelDimensionError);
      expect(error.message).toMatch(/predicts 6625 classes.*1000 characters/);
    } finally {
      await manager.dispose();
    }
  });

  it('lists the embedded model and known downloadable models in the manifest, with checksums for the embedded files', async () => {
    const manifest = JSON.parse(await readFile(join(__dirname, '..', '..', 'models', 'ocr-models.json'), 'utf8'));
    const embeddedEntry = manifest.models.find((m: { embedded?: boolean }) => m.embedded);
    const { createHash } = await import('node:crypto');
    for (const [stage, file] of Object.entries(embeddedEntry.files as Record<string, { sha256: string; npm: string }>)) {
      const path = (embedded as unknown as Record<string, string>)[stage];
      expect(createHash('sha256').update(await readFile(path)).digest('hex')).toBe(file.sha256);
    }
    expect(manifest.models.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(['PP-OCRv5_mobile', 'PP-OCRv5_server']));
  });
});
