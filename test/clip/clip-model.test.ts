import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipModel } from '../../server-module/inference/clip';
import { ClipTokenizer } from '../../server-module/inference/clip/clip-tokenizer';
import { cnClipPreprocess } from '../../server-module/inference/clip/model-layout';
import { preprocessImage } from '../../server-module/inference/clip/preprocess';
import { ModelDimensionError, ModelLoadError, ModelManager } from '../../server-module/inference/model-manager';
import { BERT_VOCAB, CLIP_TOKENIZER_CONFIG, clipBpeTokenizerJson, type ImmichModelFixture, writeCnClipExport, writeImmichModel, writeRgbPng } from './fixtures';
import { l2normalize, linearMap, maskedTextModel, meanEmbedding } from './tiny-models';

const SIZE = 8;
const DIM = 6;
let dir: string;
let immich: ImmichModelFixture;
let images: string[];
let manager: ModelManager;

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}
function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i])));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'clip-model-'));
  immich = await writeImmichModel(path.join(dir, 'clip', 'Tiny-ViT__test'), { size: SIZE, dim: DIM, contextLength: 8 });
  images = await Promise.all(
    [0, 1, 2, 3, 4].map((k) => writeRgbPng(path.join(dir, `img${k}.png`), 20 + k * 3, 14 + k, (x, y) => [(x * 13 + k * 40) % 256, (y * 29 + k * 7) % 256, (x * y + k) % 256])),
  );
});
beforeEach(() => {
  manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: 1 });
});
afterEach(() => manager.dispose());
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('ClipModel on the Immich cache layout', () => {
  it('encodes an image as the normalised model output of its preprocessed pixels', async () => {
    const clip = await ClipModel.open(immich.dir, manager);
    const embedding = await clip.encodeImage(images[0]);
    const cfg = clip.files.visual!.preprocess;
    if (cfg === 'from-model-input') throw new Error('unexpected');
    const expected = l2normalize(linearMap(await preprocessImage(images[0], cfg), immich.visual.weights, DIM));
    expect(embedding).toHaveLength(DIM);
    expect(maxDiff(embedding, expected)).toBeLessThan(1e-5);
    expect(norm(embedding)).toBeCloseTo(1, 5);
  });

  it('batched encoding gives the same vectors as single runs, in fewer session runs', async () => {
    const clip = await ClipModel.open(immich.dir, manager, { batchSize: 2 });
    const singles: Float32Array[] = [];
    for (const img of images) singles.push(await clip.encodeImage(img));
    const runsBefore = manager.stats(clip.files.visual!.model).runs;
    const batched = await clip.encodeImages(images);
    expect(manager.stats(clip.files.visual!.model).runs - runsBefore).toBe(3); // 2 + 2 + 1
    batched.forEach((r, i) => {
      if (!r.ok) throw r.error;
      expect(maxDiff(r.embedding, singles[i])).toBeLessThan(1e-5);
      expect(norm(r.embedding)).toBeCloseTo(1, 5);
    });
  });

  it('coalesces concurrent encodeImage calls into batches with the same vectors', async () => {
    const clip = await ClipModel.open(immich.dir, manager, { batchSize: 4 });
    const singles: Float32Array[] = [];
    for (const img of images) singles.push(await clip.encodeImage(img));
    const visual = clip.files.visual!.model;
    const runsBefore = manager.stats(visual).runs;
    const bad = path.join(dir, 'concurrent-bad.png');
    await writeFile(bad, 'nope');
    const settled = await Promise.allSettled([...images, bad].map((img) => clip.encodeImage(img)));
    const runs = manager.stats(visual).runs - runsBefore;
    expect(runs).toBeGreaterThanOrEqual(2); // at most 4 per run
    expect(runs).toBeLessThan(images.length); // but fewer runs than calls
    settled.slice(0, images.length).forEach((r, i) => {
      if (r.status !== 'fulfilled') throw r.reason;
      expect(maxDiff(r.value, singles[i])).toBeLessThan(1e-5);
    });
    expect(settled[images.length]).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining(`cannot read image ${bad}`) } });
  });

  it('an unreadable image fails alone; the rest of its batch is encoded', async () => {
    const bad = path.join(dir, 'broken.jpg');
    await writeFile(bad, 'definitely not a jpeg');
    const clip = await ClipModel.open(immich.dir, manager, { batchSize: 4 });
    const results = await clip.encodeImages([images[0], bad, images[1]]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1].ok === false && results[1].error.message).toContain(bad);
    const single = await clip.encodeImage(images[1]);
    expect(results[2].ok && maxDiff(results[2].embedding, single)).toBeLessThan(1e-5);
    await expect(clip.encodeImage(bad)).rejects.toThrow(`cannot read image ${bad}`);
  });

  it('encodes text with the tokenizer.json ids (int32, as Immich exports) and batches texts', async () => {
    const clip = await ClipModel.open(immich.dir, manager);
    const tok = ClipTokenizer.fromHuggingFace(clipBpeTokenizerJson(), CLIP_TOKENIZER_CONFIG, 8);
    const texts = ['a cat', '猫', 'CATS cats'];
    const batched = await clip.encodeTexts(texts);
    for (const [i, text] of texts.entries()) {
      const expected = l2normalize(meanEmbedding(immich.textual.table, DIM, tok.encode(text).ids));
      const single = await clip.encodeText(text);
      expect(maxDiff(single, expected)).toBeLessThan(1e-5);
      expect(maxDiff(batched[i], single)).toBeLessThan(1e-5);
      expect(norm(single)).toBeCloseTo(1, 5);
    }
    expect(maxDiff(batched[0], batched[1])).toBeGreaterThan(1e-3);
  });

  it('unloads idle sessions and reloads them with identical results', async () => {
    const idle = new ModelManager({ idleUnloadMs: 30, intraOpThreads: 1 });
    const clip = await ClipModel.open(immich.dir, idle);
    const first = await clip.encodeImage(images[2]);
    const visual = clip.files.visual!.model;
    const deadline = Date.now() + 5000;
    while (idle.isLoaded(visual) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(idle.isLoaded(visual)).toBe(false);
    expect(maxDiff(await clip.encodeImage(images[2]), first)).toBe(0);
    expect(idle.stats(visual)).toMatchObject({ loads: 2, unloads: 1 });
    await idle.dispose();
  });
});

describe('ClipModel on a Chinese-CLIP export (image [N,3,224,224], text int64 [1,52])', () => {
  let cn: ImmichModelFixture;
  beforeAll(async () => {
    cn = await writeCnClipExport(path.join(dir, 'cn-clip'), { dim: 4 });
  });

  it('squashes images to 224 and encodes Chinese text from vocab.txt', async () => {
    const clip = await ClipModel.open(cn.dir, manager);
    expect(clip.files.layout).toBe('cn-clip-export');
    const image = await clip.encodeImage(images[3]);
    const expectedImage = l2normalize(linearMap(await preprocessImage(images[3], cnClipPreprocess(224)), cn.visual.weights, 4));
    expect(maxDiff(image, expectedImage)).toBeLessThan(1e-4);

    const ids = ClipTokenizer.fromBertVocab(BERT_VOCAB.join('\n'), 52).encode('一只猫的照片').ids;
    expect(ids.slice(0, 8)).toEqual([2, 16, 17, 5, 6, 7, 8, 3]);
    const text = await clip.encodeText('一只猫的照片');
    expect(maxDiff(text, l2normalize(meanEmbedding(cn.textual.table, 4, ids)))).toBeLessThan(1e-5);
    expect(norm(text)).toBeCloseTo(1, 5);

    // the text export has a fixed batch of 1: several texts are run one by one, same vectors
    const [first, second] = await clip.encodeTexts(['一只猫的照片', '狗']);
    expect(maxDiff(first, text)).toBeLessThan(1e-6);
    expect(maxDiff(second, await clip.encodeText('狗'))).toBeLessThan(1e-6);
  });
});

describe('ClipModel with an XLM-Roberta style text model (input_ids + attention_mask)', () => {
  it('feeds the attention mask so padding does not count', async () => {
    const m = await writeImmichModel(path.join(dir, 'mclip'), { size: SIZE, dim: DIM, contextLength: 8 });
    const masked = maskedTextModel({ vocabSize: 18, dim: DIM, contextLength: 8 });
    await writeFile(path.join(m.dir, 'textual', 'model.onnx'), masked.bytes);
    const clip = await ClipModel.open(m.dir, manager);
    const ids = ClipTokenizer.fromHuggingFace(clipBpeTokenizerJson(), CLIP_TOKENIZER_CONFIG, 8).encode('a cat').ids; // 4 real tokens + 4 padding
    const real = ids.slice(0, 4);
    // mean over 8 positions of the 4 unmasked rows: same direction as the mean of the real tokens
    const expected = l2normalize(meanEmbedding(masked.table, DIM, real));
    expect(maxDiff(await clip.encodeText('a cat'), expected)).toBeLessThan(1e-5);
  });
});

describe('ClipModel errors', () => {
  it('names a missing directory, a missing config file and a corrupt model file', async () => {
    await expect(ClipModel.open(path.join(dir, 'nope'), manager)).rejects.toThrow(ModelLoadError);
    await expect(ClipModel.open(dir, manager)).rejects.toThrow('is not a CLIP model directory');

    const noCfg = await writeImmichModel(path.join(dir, 'no-cfg'), { size: SIZE, dim: DIM, contextLength: 8 });
    await rm(path.join(noCfg.dir, 'visual', 'preprocess_cfg.json'));
    await expect(ClipModel.open(noCfg.dir, manager)).rejects.toThrow(`preprocess_cfg.json not found: ${path.join(noCfg.dir, 'visual', 'preprocess_cfg.json')}`);

    const corrupt = await writeImmichModel(path.join(dir, 'corrupt'), { size: SIZE, dim: DIM, contextLength: 8 });
    const modelFile = path.join(corrupt.dir, 'visual', 'model.onnx');
    await writeFile(modelFile, Buffer.from(corrupt.visual.bytes).subarray(0, 100));
    const clip = await ClipModel.open(corrupt.dir, manager);
    await expect(clip.encodeImage(images[0])).rejects.toThrow(ModelLoadError);
    await expect(clip.encodeImage(images[0])).rejects.toThrow(modelFile);
    expect((await clip.encodeText('cat')).length).toBe(DIM); // the text half still works
  });

  it('reports dimension mismatches between config files and the model', async () => {
    const wrongDim = await writeImmichModel(path.join(dir, 'wrong-dim'), { size: SIZE, dim: DIM, contextLength: 8, configEmbedDim: 512 });
    const a = await ClipModel.open(wrongDim.dir, manager);
    await expect(a.encodeImage(images[0])).rejects.toThrow(ModelDimensionError);
    await expect(a.encodeText('cat')).rejects.toThrow(`embedding has ${DIM} dimensions, the model's config.json says embed_dim 512`);

    const wrongSize = await writeImmichModel(path.join(dir, 'wrong-size'), { size: SIZE, dim: DIM, contextLength: 8, preprocess: { size: [224, 224] } });
    await expect((await ClipModel.open(wrongSize.dir, manager)).encodeImage(images[0])).rejects.toThrow('model input height is 8 but preprocessing produces 224');

    const wrongContext = await writeImmichModel(path.join(dir, 'wrong-context'), { size: SIZE, dim: DIM, contextLength: 8 });
    await writeFile(path.join(wrongContext.dir, 'config.json'), JSON.stringify({ embed_dim: DIM, text_cfg: { context_length: 77 } }));
    await expect((await ClipModel.open(wrongContext.dir, manager)).encodeText('cat')).rejects.toThrow('model takes 8 tokens per text but config.json says context_length 77');
  });
});
