/** Flags shared by index, search, serve and import-ocr, and how a command reports a failure. */
import type { Command } from 'commander';
import type { StandaloneFlags } from '../open-standalone';
import { finiteNumber, positiveInt } from './io';

export function withDatabaseOptions(command: Command): Command {
  return command
    .option('--db <url>', 'PostgreSQL URL (default: $DATABASE_URL, else an embedded PGlite database under --data-dir)')
    .option('--data-dir <dir>', 'where the embedded database lives', '.immich-lens');
}

export function withModelOptions(command: Command): Command {
  return command
    .option('--clip-model <dir>', 'CLIP model directory (Immich cache layout or Chinese-CLIP export); default $IMMICH_LENS_CLIP_MODEL, else no CLIP')
    .option('--cache-folder <dir>', 'Immich ML model cache (default $MACHINE_LEARNING_CACHE_FOLDER or /cache)')
    .option('--ocr-model <name>', 'OCR model name in the cache (default PP-OCRv5_mobile; the embedded PP-OCRv4 when absent)')
    .option('--threads <n>', 'onnxruntime intra-op threads (default $IMMICH_LENS_THREADS, else all cores)', positiveInt);
}

export function standaloneFlags(opts: Record<string, unknown>): StandaloneFlags {
  return {
    db: opts.db as string | undefined,
    dataDir: opts.dataDir as string | undefined,
    clipModel: opts.clipModel as string | undefined,
    cacheFolder: opts.cacheFolder as string | undefined,
    ocrModel: opts.ocrModel as string | undefined,
    threads: opts.threads as number | undefined,
  };
}

/** Runs a command; an error it throws (missing directory, unreachable database, bad model or variable) is one line on stderr and exit code 2. */
export async function runReported(name: string, run: () => Promise<number>): Promise<void> {
  let code: number;
  try {
    code = await run();
  } catch (error) {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    code = 2;
  }
  if (code !== 0) process.exitCode = code;
}

export { finiteNumber };
