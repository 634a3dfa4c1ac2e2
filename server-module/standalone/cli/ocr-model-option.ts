/**
 * The one way every command names an OCR model: `--ocr-model NAME|DIR`. A value with a `/` in it
 * (`./my-model`, `/cache/ocr/PP-OCRv5_mobile`) is a directory in Immich's cache layout; otherwise it
 * is a model name in `--cache-folder` (default $MACHINE_LEARNING_CACHE_FOLDER), and a name not there
 * falls back to the embedded PP-OCRv4 with one line saying so, as Immich does.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { Command } from 'commander';
import { OcrModelFiles, embeddedOcrModel, ocrModelFromDirectory, resolveOcrModel } from '../../inference/ocr/ocr-models';

export interface OcrModelCliOptions {
  ocrModel?: string;
  cacheFolder?: string;
}

export function withOcrModelOption(command: Command, defaultModel: string): Command {
  return command
    .option('--ocr-model <name|dir>', `OCR model: a name in --cache-folder, or a directory in Immich's cache layout (any path with a /, e.g. ./my-model); ${defaultModel}`)
    .option('--cache-folder <dir>', 'Immich ML model cache, where --ocr-model NAME is looked up (default $MACHINE_LEARNING_CACHE_FOLDER or /cache)');
}

export function isOcrModelDirectory(value: string): boolean {
  return value.includes('/') || value.includes(sep);
}

/** The directory an `--ocr-model DIR` names, resolved; an error naming the flag, or the model file missing, when it holds no model. */
export function ocrModelDirectory(value: string): string {
  const dir = resolve(value);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`--ocr-model: not a directory: ${value}`);
  ocrModelFromDirectory(dir);
  return dir;
}

/** The model files an `--ocr-model` value names; no value: the embedded PP-OCRv4. */
export function ocrModelFiles(value: string | undefined, cacheFolder: string, log: (line: string) => void): OcrModelFiles {
  if (value === undefined) return embeddedOcrModel();
  if (isOcrModelDirectory(value)) return ocrModelFromDirectory(ocrModelDirectory(value));
  return resolveOcrModel(cacheFolder, value, log);
}
