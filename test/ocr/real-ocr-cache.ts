import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { embeddedOcrModel } from '../../server-module/inference/ocr/ocr-models';

/** Real PP-OCRv5 / v6 detectors and their dictionaries (test/fixtures/ocr-models/README.md). */
export const TEST_MODELS = join(__dirname, '..', 'fixtures', 'ocr-models');

/**
 * `<cache>/ocr/<name>/` with a real detector (a file of test/fixtures/ocr-models), the embedded PP-OCRv4
 * recogniser and a dictionary beside it (the embedded one unless `dictionaryFile`, a file of
 * test/fixtures/ocr-models, is given): Immich's cache layout, as the CLI's `--ocr-model` and the ML
 * provider read it (PP-OCRv5's layout, with the v4 recogniser standing in for v5's: none is obtainable here).
 */
export async function realOcrCache(name: string, detectorFile: string, dictionaryFile?: string): Promise<{ cache: string; dir: string }> {
  const embedded = embeddedOcrModel();
  const detector = join(TEST_MODELS, detectorFile);
  const dictionary = dictionaryFile ? join(TEST_MODELS, dictionaryFile) : embedded.dictionary!;
  for (const file of [detector, dictionary]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: the PP-OCR test models (test/fixtures/ocr-models) are needed`);
  }
  const cache = await mkdtemp(join(tmpdir(), 'ocr-real-'));
  const dir = join(cache, 'ocr', name);
  await mkdir(join(dir, 'detection'), { recursive: true });
  await mkdir(join(dir, 'recognition'), { recursive: true });
  await copyFile(detector, join(dir, 'detection', 'model.onnx'));
  await copyFile(embedded.recognition, join(dir, 'recognition', 'model.onnx'));
  await copyFile(dictionary, join(dir, 'recognition', basename(dictionary)));
  return { cache, dir };
}
