/**
 * `immich-lens clip --model DIR (--image FILE... | --text "…") [--json] [--batch-size N] [--threads N]`
 * Prints one JSON object per line: per image `{"file", "model", "dim", "embedding", "ms"}`, or for
 * the text `{"text", "model", "dim", "embedding", "ms"}`. An unreadable image prints
 * `{"file", "error"}` and the rest are still encoded; the exit code is then 1. (Output is JSON with
 * or without --json, which is accepted for symmetry with `ocr --json`.)
 */
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { ClipModel } from '../../inference/clip';
import { ModelManager } from '../../inference/model-manager';
import { CliIo, positiveInt, processIo, runModelCommand } from './io';
import type { ConfigSource } from './main';

export type { CliIo } from './io';

export interface ClipCliOptions {
  model: string;
  image?: string[];
  text?: string;
  batchSize?: number;
  threads?: number;
}

/** Runs the command; resolves to the exit code. */
export async function runClip(options: ClipCliOptions, io: CliIo = processIo): Promise<number> {
  const hasImages = (options.image?.length ?? 0) > 0;
  if (hasImages === (options.text !== undefined)) {
    io.err('clip: give either --image FILE... or --text "…" (exactly one of them)');
    return 2;
  }
  const manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: options.threads });
  try {
    const clip = await ClipModel.open(options.model, manager, { batchSize: options.batchSize });
    const round = (v: Float32Array) => Array.from(v, (x) => Number(x.toPrecision(7)));
    if (options.text !== undefined) {
      const started = performance.now();
      const embedding = await clip.encodeText(options.text);
      io.out(JSON.stringify({ text: options.text, model: clip.name, dim: embedding.length, embedding: round(embedding), ms: elapsed(started) }));
      return 0;
    }
    const files = options.image!;
    const started = performance.now();
    const results = await clip.encodeImages(files);
    const ms = elapsed(started) / files.length; // batched: the time is shared by the batch
    let failed = false;
    results.forEach((r, i) => {
      if (r.ok) io.out(JSON.stringify({ file: files[i], model: clip.name, dim: r.embedding.length, embedding: round(r.embedding), ms }));
      else {
        failed = true;
        io.out(JSON.stringify({ file: files[i], error: r.error.message }));
      }
    });
    return failed ? 1 : 0;
  } catch (error) {
    io.out(JSON.stringify({ model: options.model, error: (error as Error).message }));
    return 1;
  } finally {
    await manager.dispose();
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

export function registerClipCommand(program: Command, config: ConfigSource, io: CliIo = processIo): void {
  program
    .command('clip')
    .description('CLIP embeddings of images or a text (Immich model cache layout or a Chinese-CLIP ONNX export)')
    .requiredOption('--model <dir>', 'model directory, e.g. /cache/clip/ViT-B-32__openai')
    .option('--image <file...>', 'image files to embed')
    .option('--text <text>', 'text to embed')
    .option('--json', 'print JSON lines (the default output)')
    .option('--batch-size <n>', 'images per model run', positiveInt)
    .option('--threads <n>', 'onnxruntime intra-op threads (default $IMMICH_LENS_THREADS, else all cores)', positiveInt)
    .action(async (opts: ClipCliOptions) => {
      await runModelCommand('clip', config, io, (defaults) => runClip({ ...opts, threads: opts.threads ?? defaults.threads }, io));
    });
}
