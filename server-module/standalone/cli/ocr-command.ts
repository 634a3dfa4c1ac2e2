/**
 * `immich-lens ocr [--json] [--model DIR] FILE...` — DESIGN.md section 4. Without --json, the rows in
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
import { embeddedOcrModel, ocrModelFromDirectory } from '../../inference/ocr/ocr-models';
import { readingLines } from '../../ocr-text/reading-lines';
import { DEFAULT_OCR_OPTIONS, OcrOptions } from '../../inference/ocr/types';
import { CliIo, finiteNumber, positiveInt, processIo, runModelCommand } from './io';
import type { ConfigSource } from './main';

export interface OcrCliOptions {
  json?: boolean;
  model?: string;
  minDetectionScore?: number;
  minRecognitionScore?: number;
  maxResolution?: number;
  threads?: number;
}

export async function runOcr(files: string[], options: OcrCliOptions, io: CliIo = processIo): Promise<number> {
  const manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: options.threads });
  let engine: OcrEngine;
  try {
    engine = await OcrEngine.load(options.model ? ocrModelFromDirectory(options.model) : embeddedOcrModel(), manager);
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
  program
    .command('ocr')
    .description('read the text in images (PP-OCR detection, direction classification, recognition)')
    .argument('<files...>', 'image files')
    .option('--json', 'one JSON object per file and line, in Immich\'s OCR shape')
    .option('--model <dir>', 'OCR model in Immich\'s cache layout (detection/, recognition/, optional classification/); default: embedded PP-OCRv4')
    .option('--min-detection-score <n>', 'box score threshold', finiteNumber)
    .option('--min-recognition-score <n>', 'text score threshold', finiteNumber)
    .option('--max-resolution <n>', 'detection input size limit (Immich\'s machineLearning.ocr.maxResolution)', positiveInt)
    .option('--threads <n>', 'onnxruntime intra-op threads (default $IMMICH_LENS_THREADS, else all cores)', positiveInt)
    .action(async (files: string[], opts: OcrCliOptions) => {
      await runModelCommand('ocr', opts, config, io, (o) => runOcr(files, o, io));
    });
}
