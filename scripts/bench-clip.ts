/**
 * npm run bench:clip — CLIP engine throughput and overhead.
 *
 * Models: (1) a tiny generated linear model (Immich layout), (2) generated ViT-B/32-sized CLIP
 * towers (test/clip/transformer-models.ts: OpenAI CLIP's operators and shapes with random weights —
 * visual: conv 32×32/32 patch embedding, class token + positional embedding = 50 tokens, 12
 * pre-LN blocks of width 768 / 12 heads / MLP 3072 with QuickGELU, ln_post, projection to 512,
 * 4.4 GMAC per image like ViT-B/32) because no real weights can be downloaded here, and (3) a
 * real model directory when CLIP_BENCH_MODEL=/cache/clip/<name> is set.
 * Reports images/s for one-at-a-time encodeImage (one per-asset job), concurrent encodeImage
 * calls (several jobs; the engine coalesces them into batches) and batched encodeImages, and the
 * share of wall time spent outside session.run (decode, resize, normalise, tokenise, tensor
 * building). Then, for the ViT-B/32-sized model, session.run alone at batch 1 vs batch N and the
 * MLP matmul alone at 50 vs 50·N rows: the ceiling for what batching can gain on this CPU.
 * Env: CLIP_BENCH_IMAGES (default 16), CLIP_BENCH_ROUNDS (default 3), CLIP_BENCH_BATCH (default 8),
 * CLIP_BENCH_THREADS (intra-op threads, default all cores), CLIP_BENCH_SPIN (ModelManager threadSpinning:
 * always | during-run | never; default the manager's), CLIP_BENCH_SKIP_TINY=1, CLIP_BENCH_SKIP_LARGE=1.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { ClipModel } from '../server-module/inference/clip';
import { ClipTokenizer } from '../server-module/inference/clip/clip-tokenizer';
import { ModelManager, type ThreadSpinning } from '../server-module/inference/model-manager';
import { writeImmichModel } from '../test/clip/fixtures';
import { buildOnnxModel, seededFloats } from '../test/helpers/onnx-builder';
import { clipTextTower, vitB32Visual } from '../test/clip/transformer-models';

const IMAGES = Number(process.env.CLIP_BENCH_IMAGES ?? 16);
const ROUNDS = Number(process.env.CLIP_BENCH_ROUNDS ?? 3);
const THREADS = process.env.CLIP_BENCH_THREADS ? Number(process.env.CLIP_BENCH_THREADS) : undefined;
const BATCH = Number(process.env.CLIP_BENCH_BATCH ?? 8);
const SPIN = (process.env.CLIP_BENCH_SPIN || undefined) as ThreadSpinning | undefined;

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
  /** CPU time of the whole process (all threads) per image: less sensitive to other processes than wall time */
  cpuMsPerImage: number;
}

const MODES = ['single', 'concurrent2', 'concurrent', 'batched'] as const;
type Mode = (typeof MODES)[number];

async function encodeAll(clip: ClipModel, images: string[], mode: Mode, batchSize: number): Promise<void> {
  if (mode === 'single') {
    for (const img of images) await clip.encodeImage(img);
  } else if (mode === 'batched') {
    const failed = (await clip.encodeImages(images)).find((r) => !r.ok);
    if (failed && !failed.ok) throw failed.error;
  } else {
    // like Immich's SmartSearch queue with job concurrency N: N callers, one image each at a time
    let next = 0;
    await Promise.all(Array.from({ length: mode === 'concurrent2' ? 2 : batchSize }, async () => {
      while (next < images.length) await clip.encodeImage(images[next++]);
    }));
  }
}

/**
 * Modes are interleaved over ROUNDS rounds and summed, so load from other processes on a shared
 * machine falls on all modes alike instead of skewing whichever ran during a busy moment.
 */
async function benchImages(label: string, modelDir: string, images: string[], batchSize: number): Promise<ImageBench[]> {
  const manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: THREADS, threadSpinning: SPIN });
  const clip = await ClipModel.open(modelDir, manager, { batchSize });
  await clip.encodeImages(images.slice(0, Math.min(batchSize, images.length))); // load + warm up
  const visual = clip.files.visual!.model;
  const totals = new Map<Mode, { seconds: number; session: number; cpuMs: number }>(MODES.map((m) => [m, { seconds: 0, session: 0, cpuMs: 0 }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of round % 2 === 0 ? MODES : [...MODES].reverse()) {
      const before = manager.stats(visual).runMs;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await encodeAll(clip, images, mode, batchSize);
      const cpu = process.cpuUsage(cpuBefore);
      const t = totals.get(mode)!;
      t.cpuMs += (cpu.user + cpu.system) / 1000;
      t.seconds += (performance.now() - started) / 1000;
      t.session += (manager.stats(visual).runMs - before) / 1000;
    }
  }
  await manager.dispose();

  const labels: Record<Mode, string> = {
    single: 'single (encodeImage ×N)',
    concurrent2: 'concurrent (encodeImage, 2 in flight = Immich job default)',
    concurrent: `concurrent (encodeImage, ${batchSize} in flight)`,
    batched: `batched (encodeImages, batch ${batchSize})`,
  };
  const out: ImageBench[] = MODES.map((mode) => {
    const { seconds, session, cpuMs } = totals.get(mode)!;
    return {
      mode: labels[mode],
      images: images.length * ROUNDS,
      seconds: round(seconds),
      imagesPerSecond: round((images.length * ROUNDS) / seconds),
      sessionSeconds: round(session),
      outsideShare: round(1 - session / seconds),
      overheadVsSession: round((seconds - session) / session),
      cpuMsPerImage: round(cpuMs / (images.length * ROUNDS)),
    };
  });
  console.log(`\n${label} — images (${ROUNDS} interleaved rounds, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  console.table(out);
  const vs = (i: number) => `${round(out[i].imagesPerSecond / out[0].imagesPerSecond)}×`;
  console.log(`throughput vs single: concurrent(2) ${vs(1)}, concurrent(${batchSize}) ${vs(2)}, batched ${vs(3)}`);
  return out;
}

/**
 * session.run alone on ready tensors, batch 1 vs batch N, interleaved: the most batching can
 * gain on this machine before any decoding — the wall-time ratio of the image modes can only
 * exceed it by the single path's own overhead.
 */
async function benchSessionScaling(modelDir: string, batchSize: number, count: number): Promise<{ batch1: number; batchN: number; ratio: number }> {
  const manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: THREADS, threadSpinning: SPIN });
  const file = path.join(modelDir, 'visual', 'model.onnx');
  const model = manager.model(file);
  const meta = (await model.info()).inputMetadata[0];
  const size = 224;
  const tensor = (n: number) => new ort.Tensor('float32', seededFloats(n * 3 * size * size, n), [n, 3, size, size]);
  const one = tensor(1);
  const many = tensor(batchSize);
  await model.run({ [meta.name]: one });
  await model.run({ [meta.name]: many });
  const ms = { one: 0, many: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of round % 2 === 0 ? (['one', 'many'] as const) : (['many', 'one'] as const)) {
      const started = performance.now();
      if (which === 'one') for (let i = 0; i < count; i++) await model.run({ [meta.name]: one });
      else for (let i = 0; i < count; i += batchSize) await model.run({ [meta.name]: many });
      ms[which] += performance.now() - started;
    }
  }
  await manager.dispose();
  const images = Math.ceil(count / batchSize) * batchSize;
  const result = { batch1: round((count * ROUNDS * 1000) / ms.one), batchN: round((images * ROUNDS * 1000) / ms.many), ratio: 0 };
  result.ratio = round(result.batchN / result.batch1);
  console.log(`session.run only (no decoding): batch 1 ${result.batch1} img/s, batch ${batchSize} ${result.batchN} img/s → ${result.ratio}×`);
  return result;
}

/**
 * The ViT-B/32 MLP matmul alone ([T,768]×[768,3072], T = 50 tokens × images): how much of the
 * CPU's GEMM throughput one image's 50-row matmuls already reach vs a batch's.
 */
async function matmulProbe(batchSize: number): Promise<Record<string, number>> {
  const K = 768;
  const N = 3072;
  const bytes = buildOnnxModel({
    inputs: [{ name: 'x', type: 'float32', shape: ['T', K] }],
    outputs: [{ name: 'y', type: 'float32', shape: ['T', N] }],
    initializers: [{ name: 'w', type: 'float32', dims: [K, N], data: seededFloats(K * N, 7) }],
    nodes: [{ op: 'MatMul', inputs: ['x', 'w'], outputs: ['y'] }],
  });
  const threads = THREADS ?? (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
  const manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: threads, threadSpinning: SPIN });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-matmul-'));
  const file = path.join(dir, 'matmul.onnx');
  await writeFile(file, bytes);
  const session = manager.model(file);
  const rows = [50, 50 * batchSize];
  const feeds = rows.map((t) => ({ x: new ort.Tensor('float32', seededFloats(t * K, t), [t, K]) }));
  for (const f of feeds) await session.run(f);
  const ms = rows.map(() => 0);
  const flops = rows.map(() => 0);
  for (let r = 0; r < ROUNDS * 2; r++) {
    for (let i = 0; i < rows.length; i++) {
      const reps = Math.ceil((40 * 50) / rows[i]) * 5;
      const started = performance.now();
      for (let k = 0; k < reps; k++) await session.run(feeds[i]);
      ms[i] += performance.now() - started;
      flops[i] += 2 * rows[i] * K * N * reps;
    }
  }
  await manager.dispose();
  await rm(dir, { recursive: true, force: true });
  const gflops = rows.map((_, i) => round(flops[i] / ms[i] / 1e6));
  console.log(`MLP matmul GFLOP/s: ${rows[0]} rows (1 image) ${gflops[0]}, ${rows[1]} rows (batch ${batchSize}) ${gflops[1]} → ${round(gflops[1] / gflops[0])}×`);
  return { [`rows${rows[0]}`]: gflops[0], [`rows${rows[1]}`]: gflops[1] };
}

async function benchText(label: string, modelDir: string, texts: string[]): Promise<{ tokenizeMsPerText: number; sessionMsPerText: number; overheadVsSession: number }> {
  const manager = new ModelManager({ idleUnloadMs: 0, threadSpinning: SPIN });
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
  console.log(`bench:clip — ${os.cpus().length} cores, ${IMAGES} images × ${ROUNDS} rounds, batch ${BATCH}, thread spinning ${SPIN ?? 'manager default'}, node ${process.version}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-clip-'));
  const report: Record<string, unknown> = { cores: os.cpus().length, images: IMAGES, rounds: ROUNDS, batch: BATCH, threadSpinning: SPIN ?? 'default' };
  try {
    const images = await writeImages(dir, IMAGES);
    const texts = Array.from({ length: 50 }, (_, i) => (i % 2 ? `一张有猫和狗的照片，第${i}张，发票和收据` : `a photo of a cat number ${i} next to a receipt`));

    const tiny = await writeImmichModel(path.join(dir, 'Tiny__bench'), { size: 224, dim: 8, contextLength: 8 });
    if (process.env.CLIP_BENCH_SKIP_TINY !== '1') report.tiny = { images: await benchImages('tiny linear model (224×224 → 8)', tiny.dir, images, BATCH) };

    if (process.env.CLIP_BENCH_SKIP_LARGE !== '1') {
      const large = path.join(dir, 'ViT-B-32-sized__generated');
      await mkdir(path.join(large, 'visual'), { recursive: true });
      await mkdir(path.join(large, 'textual'), { recursive: true });
      const t0 = performance.now();
      await writeFile(path.join(large, 'visual', 'model.onnx'), vitB32Visual());
      await writeFile(path.join(large, 'textual', 'model.onnx'), clipTextTower());
      console.log(`\ngenerated ViT-B/32-sized model in ${Math.round(performance.now() - t0)} ms`);
      await writeFile(path.join(large, 'config.json'), JSON.stringify({ embed_dim: 512, vision_cfg: { image_size: 224 }, text_cfg: { context_length: 77 } }));
      await writeFile(
        path.join(large, 'visual', 'preprocess_cfg.json'),
        JSON.stringify({ size: [224, 224], mean: [0.48145466, 0.4578275, 0.40821073], std: [0.26862954, 0.26130258, 0.27577711], interpolation: 'bicubic', resize_mode: 'shortest' }),
      );
      // the tiny fixture's tokenizer files stand in for the real tokenizer (ids < 49408)
      for (const f of ['tokenizer.json', 'tokenizer_config.json']) {
        await writeFile(path.join(large, 'textual', f), await readFile(path.join(tiny.dir, 'textual', f)));
      }
      report.vitB32Sized = {
        images: await benchImages('ViT-B/32-sized generated transformer', large, images, BATCH),
        sessionScaling: await benchSessionScaling(large, BATCH, IMAGES),
        matmul: await matmulProbe(BATCH),
        text: await benchText('CLIP-sized generated text transformer', large, texts),
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
