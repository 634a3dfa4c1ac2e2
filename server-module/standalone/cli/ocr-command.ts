/**
 * `immich-lens ocr [--json] [--ocr-model NAME|DIR] FILE...` — DESIGN.md section 4. Without --json, the rows in
 * reading order (readingLines: what the index stores). With --json, one object per line per file:
 * `{"file","width","height","text","box","boxScore","textScore","lines","ms"}` (text/box/scores per
 * detected box, Immich's shape: 8 numbers per box, fractions of width/height; `lines` the rows); an
 * unreadable file prints `{"file","error"}`, the rest are still read, and the exit code is then 1. A
 * model that cannot be loaded is exit code 2 before any file is read.
 */
import type { Command } from 'commander';
import { ModelError } from '../../inference/model-errors';
import { ModelManager } from '../../inference/model-manager';
import { OcrEngine } from '../../inference/ocr/ocr-engine';
import { readingLines } from '../../ocr-text/reading-lines';
import { DEFAULT_OCR_OPTIONS, OcrOptions } from '../../inference/ocr/types';
import { CliIo, finiteNumber, positiveInt, processIo, runModelCommand } from './io';
import type { ConfigSource } from './main';
import { OcrModelCliOptions, ocrModelFiles, withOcrModelOption } from './ocr-model-option';

export interface OcrCliOptions extends OcrModelCliOptions {
  json?: boolean;
  /** the old spelling of --ocr-model DIR */
  model?: string;
  minDetectionScore?: number;
  minRecognitionScore?: number;
  maxResolution?: number;
  threads?: number;
}

/** `options.cacheFolder` is where --ocr-model NAME is looked up (the caller fills in the environment's). */
export async function runOcr(files: string[], options: OcrCliOptions & { cacheFolder: string }, io: CliIo = processIo): Promise<number> {
  const manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: options.threads });
  let engine: OcrEngine;
  try {
    engine = await OcrEngine.load(ocrModelFiles(options.ocrModel ?? options.model, options.cacheFolder, io.err), manager);
  } catch (error) {
    io.err(`ocr: ${error instanceof Error ? error.message : String(error)}`);
    await manager.dispose();
    return 2;
  }
  const ocrOptions: OcrOptions = {
    minDetectionScore: options.minDetectionScore ?? DEFAULT_OCR_OPTIONS.minDetectionScore,
    minRecognitionScore: options.minRecognitionScore ?? DEFAULT_OCR_OPTIONS.minRecognitionScore,
    maxResolution: options.maxResolution ?? DEFAULT_OCR_OPTIONS.maxResolution,
  };
  let failed = 0;
  try {
    for (const file of files) {
      try {
        const started = performance.now();
        const r = await engine.run(file, ocrOptions);
        const ms = Math.round((performance.now() - started) * 10) / 10;
        const lines = readingLines(r);
        if (options.json) {
          io.out(JSON.stringify({ file, width: r.width, height: r.height, text: r.text, box: r.box, boxScore: r.boxScore, textScore: r.textScore, lines, ms }));
        } else {
          io.out(`== ${file} (${r.width}×${r.height}, ${ms} ms, ${r.text.length} boxes)`);
          for (const line of lines) io.out(line);
        }
      } catch (error) {
        if (error instanceof ModelError) throw error;
        failed++;
        const message = error instanceof Error ? error.message : String(error);
        if (options.json) io.out(JSON.stringify({ file, error: message }));
        else io.err(`${file}: ${message}`);
      }
    }
  } catch (error) {
    io.err(`ocr: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    await manager.dispose();
  }
  return failed > 0 ? 1 : 0;
}

export function registerOcrCommand(program: Command, config: ConfigSource, io: CliIo = processIo): void {
  const command = program
    .command('ocr')
    .description('read the text in images (PP-OCR detection, direction classification, recognition)')
    .argument('<files...>', 'image files')
    .option('--json', 'one JSON object per file and line, in Immich\'s OCR shape');
  withOcrModelOption(command, 'default: the embedded PP-OCRv4')
    .option('--model <dir>', 'the old spelling of --ocr-model DIR')
    .option('--min-detection-score <n>', 'box score threshold', finiteNumber)
    .option('--min-recognition-score <n>', 'text score threshold', finiteNumber)
    .option('--max-resolution <n>', 'detection input size limit (Immich\'s machineLearning.ocr.maxResolution)', positiveInt)
    .option('--threads <n>', 'onnxruntime intra-op threads (default $IMMICH_LENS_THREADS, else all cores)', positiveInt)
    .action(async (files: string[], opts: OcrCliOptions) => {
      await runModelCommand('ocr', config, io, (defaults) => runOcr(files, { ...opts, threads: opts.threads ?? defaults.threads, cacheFolder: opts.cacheFolder ?? defaults.cacheFolder }, io));
    });
}
