/** Flags shared by index, search, serve and import-ocr, as typed options, and the StandaloneFlags they make. */
import { Command } from 'commander';
import type { StandaloneFlags } from '../open-standalone';
import type { CliIo } from './io';
import { positiveInt } from './io';
import { OcrModelCliOptions, withOcrModelOption } from './ocr-model-option';

export interface DatabaseCliOptions {
  db?: string;
  dataDir?: string;
}

export interface ModelCliOptions extends OcrModelCliOptions {
  clipModel?: string;
  threads?: number;
}

export function withDatabaseOptions(command: Command): Command {
  return command
    .option('--db <url>', 'PostgreSQL URL (default: $DATABASE_URL, else an embedded PGlite database under --data-dir)')
    .option('--data-dir <dir>', 'where the embedded database lives', '.immich-lens');
}

export function withModelOptions(command: Command): Command {
  return withOcrModelOption(command, 'default: PP-OCRv5_mobile from the cache, else the embedded PP-OCRv4')
    .option('--clip-model <dir>', 'CLIP model directory (Immich cache layout or Chinese-CLIP export); default $IMMICH_LENS_CLIP_MODEL, else no CLIP')
    .option('--threads <n>', 'onnxruntime intra-op threads (default $IMMICH_LENS_THREADS, else all cores)', positiveInt);
}

export function standaloneFlags(opts: DatabaseCliOptions & ModelCliOptions, io: CliIo): StandaloneFlags {
  return {
    db: opts.db,
    dataDir: opts.dataDir,
    clipModel: opts.clipModel,
    cacheFolder: opts.cacheFolder,
    ocrModel: opts.ocrModel,
    threads: opts.threads,
    log: io.err,
  };
}
