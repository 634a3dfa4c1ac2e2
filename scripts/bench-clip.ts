/**
 * npm run bench:clip — CLIP engine throughput and overhead.
 *
 * Models: (1) a tiny generated linear model (Immich layout), (2) a generated model of ViT-B size
 * (49 patch tokens × 12 MLP blocks of 768↔3072 MatMuls ≈ 5.6 GFLOP/image, a 77-token 12-block
 * 512↔2048 text tower) because no real weights can be downloaded here, and (3) a real model
 * directory when CLIP_BENCH_MODEL=/cache/clip/<name> is set.
 * Reports images/s for one-at-a-time encodeImage (one per-asset job), concurrent encodeImage
 * calls (several jobs; the engine coalesces them into batches) and batched encodeImages, and the share of wall time spent outside session.run (decode, resize, normalise,
 * tokenise, tensor building).
 * Env: CLIP_BENCH_IMAGES (default 32), CLIP_BENCH_BATCH (default 8), CLIP_BENCH_SKIP_LARGE=1.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { ClipModel } from '../server-module/inference/clip';
import { ClipTokenizer } from '../server-module/inference/clip/clip-tokenizer';
import { ModelManager } from '../server-module/inference/model-manager';
import { buildOnnxModel, type OnnxInitializerSpec, type OnnxNodeSpec, seededFloats } from '../test/helpers/onnx-builder';
import { writeImmichModel } from '../test/clip/fixtures';

const IMAGES = Number(process.env.CLIP_BENCH_IMAGES ?? 32);
const BATCH = Number(process.env.CLIP_BENCH_BATCH ?? 8);

/** ViT-B-sized compute: [N,3,224,224] → 49×3072 patches → 768 → 12×(768→3072→768, residual) → mean → 512. */
function vitBSizedVisual(): Uint8Array {
  const init: OnnxInitializerSpec[] = [
    { name: 'shape', type: 'int64', dims: [3], data: BigInt64Array.from([0n, 49n, 3072n]) },
    { name: 'patch', type: 'float32', dims: [3072, 768], data: scaled(seededFloats(3072 * 768, 1), 0.02) },
    { name: 'proj', type: 'float32', dims: [768, 512], data: scaled(seededFloats(768 * 512, 2), 0.05) },
  ];
  const nodes: OnnxNodeSpec[] = [
    { op: 'Reshape', inputs: ['image', 'shape'], outputs: ['patches'] },
    { op: 'MatMul', inputs: ['patches', 'patch'], outputs: ['h0'] },
  ];
  mlpBlocks(init, nodes, 768, 3072, 'h0', 'h', 100);
  nodes.push({ op: 'ReduceMean', inputs: ['h12'], outputs: ['pooled'], attributes: { axes: { ints: [1] }, keepdims: { int: 0 } } });
  nodes.push({ op: 'MatMul', inputs: ['pooled', 'proj'], outputs: ['embedding'] });
  return buildOnnxModel({
    inputs: [{ name: 'image', type: 'float32', shape: ['N', 3, 224, 224] }],
    outputs: [{ name: 'embedding', type: 'float32', shape: ['N', 512] }],
    initializers: init,
    nodes,
  });
}

/** text [N,77] int32 → Gather(49408×512) → 12×(512→2048→512, residual) → mean → 512 */
function textTowerSized(vocabSize: number): Uint8Array {
  const init: OnnxInitializerSpec[] = [
    { name: 'table', type: 'float32', dims: [vocabSize, 512], data: scaled(seededFloats(vocabSize * 512, 3), 0.1) },
    { name: 'proj', type: 'float32', dims: [512, 512], data: scaled(seededFloats(512 * 512, 4), 0.05) },
  ];
  const nodes: OnnxNodeSpec[] = [{ op: 'Gather', inputs: ['table', 'text'], outputs: ['t0'], attributes: { axis: { int: 0 } } }];
  mlpBlocks(init, nodes, 512, 2048, 't0', 't', 200);
  nodes.push({ op: 'ReduceMean', inputs: ['t12'], outputs: ['pooled'], attributes: { axes: { ints: [1] }, keepdims: { int: 0 } } });
  nodes.push({ op: 'MatMul', inputs: ['pooled', 'proj'], outputs: ['embedding'] });
  return buildOnnxModel({
    inputs: [{ name: 'text', type: 'int32', shape: ['N', 77] }],
    outputs: [{ name: 'embedding', type: 'float32', shape: ['N', 512] }],
    initializers: init,
    nodes,
  });
}

function mlpBlocks(init: OnnxInitializerSpec[], nodes: OnnxNodeSpec[], width: number, hidden: number, input: string, prefix: string, seed: number): void {
  let x = input;
  for (let l = 0; l < 12; l++) {
    init.push({ name: `up${prefix}${l}`, type: 'float32', dims: [width, hidden], data: scaled(seededFloats(width * hidden, seed + 2 * l), 0.02) });
    init.push({ name: `down${prefix}${l}`, type: 'float32', dims: [hidden, width], data: scaled(seededFloats(hidden * width, seed + 2 * l + 1), 0.02) });
    nodes.push({ op: 'MatMul', inputs: [x, `up${prefix}${l}`], outputs: [`u${prefix}${l}`] });
    nodes.push({ op: 'Relu', inputs: [`u${prefix}${l}`], outputs: [`r${prefix}${l}`] });
    nodes.push({ op: 'MatMul', inputs: [`r${prefix}${l}`, `down${prefix}${l}`], outputs: [`d${prefix}${l}`] });
    nodes.push({ op: 'Add', inputs: [x, `d${prefix}${l}`], outputs: [`${prefix}${l + 1}`] });
    x = `${prefix}${l + 1}`;
  }
}

function scaled(v: Float32Array, k: number): Float32Array {
  for (let i = 0; i < v.length; i++) v[i] *= k;
  return v;
}

/** Immich-sized previews: 1440×1080 JPEGs with structure (gradients + noise) so decoding does real work. */
async function writeImages(dir: string, count: number): Promise<string[]> {
  const files: string[] = [];
  for (let k = 0; k < count; k++) {
    const w = k % 3 === 0 ? 1080 : 1440;
    const h = k % 3 === 0 ? 1440 : 1080;
    const raw = Buffer.alloc(w * h * 3);
    let s = k * 7919 + 1;
    for (let i = 0, p = 0; i < w * h; i++, p += 3) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      const x = i % w;
      const y = (i / w) | 0;
      raw[p] = (x * 255) / w + (s & 31);
      raw[p + 1] = (y * 255) / h + ((s >> 5) & 31);
      raw[p + 2] = ((x + y + k * 50) & 255) ^ ((s >> 10) & 15);
    }
    const file = path.join(dir, `img${k}.jpg`);
    await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 82 }).toFile(file);
    files.push(file);
  }
  return files;
}

interface ImageBench {
  mode: string;
  images: number;
  seconds: number;
  imagesPerSecond: number;
  sessionSeconds: number;
  outsideShare: number;
  /** (wall - session) / session: the overhead relative to model time */
  overheadVsSession: number;
}

async function benchImages(label: string, modelDir: string, images: string[], batchSize: number): Promise<ImageBench[]> {
  const manager = new ModelManager({ idleUnloadMs: 0 });
  const clip = await ClipModel.open(modelDir, manager, { batchSize });
  await clip.encodeImages(images.slice(0, Math.min(batchSize, images.length))); // load + warm up
  const visual = clip.files.visual!.model;
  const out: ImageBench[] = [];

  const labels = {
    single: 'single (encodeImage ×N)',
    concurrent2: 'concurrent (encodeImage, 2 in flight = Immich job default)',
    concurrent: `concurrent (encodeImage, ${batchSize} in flight)`,
    batched: `batched (encodeImages, batch ${batchSize})`,
  };
  for (const mode of ['single', 'concurrent2', 'concurrent', 'batched'] as const) {
    const before = manager.stats(visual).runMs;
    const started = performance.now();
    if (mode === 'single') for (const img of images) await clip.encodeImage(img);
    else if (mode === 'concurrent' || mode === 'concurrent2') {
      // like Immich's SmartSearch queue with job concurrency N: N callers, one image each at a time
      let next = 0;
      await Promise.all(Array.from({ length: mode === 'concurrent2' ? 2 : batchSize }, async () => {
        while (next < images.length) await clip.encodeImage(images[next++]);
      }));
    } else {
      const results = await clip.encodeImages(images);
      const failed = results.find((r) => !r.ok);
      if (failed && !failed.ok) throw failed.error;
    }
    const seconds = (performance.now() - started) / 1000;
    const sessionSeconds = (manager.stats(visual).runMs - before) / 1000;
    out.push({
      mode: labels[mode],
      images: images.length,
      seconds: round(seconds),
      imagesPerSecond: round(images.length / seconds),
      sessionSeconds: round(sessionSeconds),
      outsideShare: round(1 - sessionSeconds / seconds),
      overheadVsSession: round((seconds - sessionSeconds) / sessionSeconds),
    });
  }
  await manager.dispose();
  console.log(`\n${label} — images`);
  console.table(out);
  const vs = (i: number) => `${round(out[i].imagesPerSecond / out[0].imagesPerSecond)}×`;
  console.log(`throughput vs single: concurrent(2) ${vs(1)}, concurrent(${batchSize}) ${vs(2)}, batched ${vs(3)}`);
  return out;
}

async function benchText(label: string, modelDir: string, texts: string[]): Promise<{ tokenizeMsPerText: number; sessionMsPerText: number; overheadVsSession: number }> {
  const manager = new ModelManager({ idleUnloadMs: 0 });
  const clip = await ClipModel.open(modelDir, manager);
  await clip.encodeText('warm up');
  const textual = clip.files.textual!.model;
  const before = manager.stats(textual).runMs;
  const started = performance.now();
  for (const t of texts) await clip.encodeText(t); // the search path: one query at a time
  const wall = performance.now() - started;
  const session = manager.stats(textual).runMs - before;
  await manager.dispose();
  const result = { tokenizeMsPerText: round((wall - session) / texts.length), sessionMsPerText: round(session / texts.length), overheadVsSession: round((wall - session) / session) };
  console.log(`\n${label} — text (one query at a time): ${JSON.stringify(result)}`);
  return result;
}

/** Tokenizer cost alone with a Chinese-CLIP-sized vocab (all CJK unified ideographs + pieces). */
function benchBertTokenizer(texts: string[]): number {
  const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  for (let c = 0x4e00; c <= 0x9fa5; c++) vocab.push(String.fromCodePoint(c));
  for (const w of ['a', 'photo', 'of', 'cat', 'dog', 'the', 'receipt', 'invoice']) vocab.push(w, `##${w}`);
  const tok = ClipTokenizer.fromBertVocab(vocab.join('\n'), 52);
  for (const t of texts.slice(0, 20)) tok.encode(t);
  const started = performance.now();
  for (let r = 0; r < 10; r++) for (const t of texts) tok.encode(t);
  const ms = (performance.now() - started) / (10 * texts.length);
  console.log(`\nChinese-CLIP WordPiece tokenizer (${vocab.length} tokens): ${round(ms)} ms per text`);
  return ms;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

async function main(): Promise<void> {
  console.log(`bench:clip — ${os.cpus().length} cores, ${IMAGES} images, batch ${BATCH}, node ${process.version}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-clip-'));
  const report: Record<string, unknown> = { cores: os.cpus().length, images: IMAGES, batch: BATCH };
  try {
    const images = await writeImages(dir, IMAGES);
    const texts = Array.from({ length: 50 }, (_, i) => (i % 2 ? `一张有猫和狗的照片，第${i}张，发票和收据` : `a photo of a cat number ${i} next to a receipt`));

    const tiny = await writeImmichModel(path.join(dir, 'Tiny__bench'), { size: 224, dim: 8, contextLength: 8 });
    report.tiny = { images: await benchImages('tiny linear model (224×224 → 8)', tiny.dir, images, BATCH) };

    if (process.env.CLIP_BENCH_SKIP_LARGE !== '1') {
      const large = path.join(dir, 'ViT-B-sized__generated');
      await mkdir(path.join(large, 'visual'), { recursive: true });
      await mkdir(path.join(large, 'textual'), { recursive: true });
      const t0 = performance.now();
      await writeFile(path.join(large, 'visual', 'model.onnx'), vitBSizedVisual());
      await writeFile(path.join(large, 'textual', 'model.onnx'), textTowerSized(49408));
      console.log(`\ngenerated ViT-B-sized model in ${Math.round(performance.now() - t0)} ms`);
      await writeFile(path.join(large, 'config.json'), JSON.stringify({ embed_dim: 512, vision_cfg: { image_size: 224 }, text_cfg: { context_length: 77 } }));
      await writeFile(
        path.join(large, 'visual', 'preprocess_cfg.json'),
        JSON.stringify({ size: [224, 224], mean: [0.48145466, 0.4578275, 0.40821073], std: [0.26862954, 0.26130258, 0.27577711], interpolation: 'bicubic', resize_mode: 'shortest' }),
      );
      // the tiny fixture's tokenizer files stand in for the real tokenizer (ids < 49408)
      for (const f of ['tokenizer.json', 'tokenizer_config.json']) {
        await writeFile(path.join(large, 'textual', f), await readFile(path.join(tiny.dir, 'textual', f)));
      }
      report.vitBSized = {
        images: await benchImages('ViT-B-sized generated model', large, images, BATCH),
        text: await benchText('ViT-B-sized generated text tower', large, texts),
      };
    }

    report.bertTokenizerMsPerText = benchBertTokenizer(texts);

    const real = process.env.CLIP_BENCH_MODEL;
    if (real) {
      report.real = { model: real, images: await benchImages(`real model ${real}`, real, images, BATCH), text: await benchText(`real model ${real}`, real, texts) };
    } else {
      console.log('\n(set CLIP_BENCH_MODEL=/cache/clip/<name> to benchmark a real model directory too)');
    }
    await mkdir('bench-results', { recursive: true });
    await writeFile(path.join('bench-results', 'bench-clip.json'), JSON.stringify(report, null, 2));
    console.log('\nwritten bench-results/bench-clip.json');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
