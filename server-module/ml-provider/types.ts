/**
 * Immich's machine-learning seam (server/src/repositories/machine-learning.repository.ts at v3.1.0):
 * the shapes its MachineLearningRepository takes and returns, and the `machineLearning.*` system
 * config it reads.
 */
import { DEFAULT_OCR_OPTIONS, type OCR, type OcrOptions } from '../inference/ocr/types';

export type { OCR, OcrOptions };
export interface BoundingBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
export interface Face {
  boundingBox: BoundingBox;
  embedding: string;
  score: number;
}
export interface DetectedFaces {
  imageHeight: number;
  imageWidth: number;
  faces: Face[];
}
export type ModelOptions = { modelName: string };
export type FaceDetectionOptions = ModelOptions & { minScore: number };
export type TextEncodingOptions = ModelOptions & { language?: string };

export interface MachineLearningConfig {
  enabled: boolean;
  urls: string[];
  availabilityChecks: { enabled: boolean; timeout: number; interval: number };
  clip: { enabled: boolean; modelName: string };
  ocr: { enabled: boolean; modelName: string } & OcrOptions;
  facialRecognition: { enabled: boolean; modelName: string; minScore: number };
}

/** Immich v3.1.0 defaults. */
export const DEFAULT_MACHINE_LEARNING_CONFIG: MachineLearningConfig = {
  enabled: true,
  urls: ['http://immich-machine-learning:3003'],
  availabilityChecks: { enabled: true, timeout: 2000, interval: 30000 },
  clip: { enabled: true, modelName: 'ViT-B-32__openai' },
  ocr: { enabled: true, modelName: 'PP-OCRv5_mobile', ...DEFAULT_OCR_OPTIONS },
  facialRecognition: { enabled: true, modelName: 'buffalo_l', minScore: 0.7 },
};

/** The tasks the provider can run in-process. */
export type LocalTask = 'clip' | 'ocr';

/** What runs in-process and how (read from the environment by ./config.ts). */
export interface LensInferenceConfig {
  /** tasks run in-process; the others go to machineLearning.urls */
  local: LocalTask[];
  /** Immich ML's model cache */
  cacheFolder: string;
  /** a CLIP model directory used whatever machineLearning.clip.modelName says */
  clipModelDir?: string;
  /** an OCR model directory (Immich cache layout) used whatever machineLearning.ocr.modelName says: the standalone's --ocr-model DIR */
  ocrModelDir?: string;
  /** a model missing from the cache: true → the remote ML service; false → embedded PP-OCRv4 for OCR, an error for CLIP */
  remoteFallback: boolean;
  /** onnxruntime intra-op threads per session (default: cores) */
  threads?: number;
  /** unload sessions idle this long (0 = never) */
  idleUnloadMs?: number;
}
