/**
 * Immich's `machineLearning.*` system config (the parts the ML repository reads), plus the
 * immich-lens environment that decides what runs in-process.
 */
export interface MachineLearningConfig {
  enabled: boolean;
  urls: string[];
  availabilityChecks: { enabled: boolean; timeout: number; interval: number };
  clip: { enabled: boolean; modelName: string };
  ocr: { enabled: boolean; modelName: string; minDetectionScore: number; minRecognitionScore: number; maxResolution: number };
  facialRecognition: { enabled: boolean; modelName: string; minScore: number };
}

/** Immich v3.1.0 defaults. */
export const DEFAULT_MACHINE_LEARNING_CONFIG: MachineLearningConfig = {
  enabled: true,
  urls: ['http://immich-machine-learning:3003'],
  availabilityChecks: { enabled: true, timeout: 2000, interval: 30000 },
  clip: { enabled: true, modelName: 'ViT-B-32__openai' },
  ocr: { enabled: true, modelName: 'PP-OCRv5_mobile', minDetectionScore: 0.5, minRecognitionScore: 0.8, maxResolution: 736 },
  facialRecognition: { enabled: true, modelName: 'buffalo_l', minScore: 0.7 },
};

export type LocalTask = 'clip' | 'ocr';

export interface LensInferenceConfig {
  /** tasks run in-process (IMMICH_LENS_LOCAL=clip,ocr); the rest go to machineLearning.urls */
  local: LocalTask[];
  /** Immich ML's model cache (MACHINE_LEARNING_CACHE_FOLDER, default /cache) */
  cacheFolder?: string;
  /** a CLIP model directory used whatever modelName says (standalone host: --clip-model) */
  clipModelDir?: string;
  /**
   * when a configured model is not in the cache: true → send the request to the remote ML URLs
   * (IMMICH_LENS_REMOTE_FALLBACK=true); false → OCR uses the embedded PP-OCRv4, CLIP fails
   */
  remoteFallback: boolean;
  /** onnxruntime intra-op threads (IMMICH_LENS_THREADS, default: cores) */
  threads?: number;
  /** unload sessions idle this long (IMMICH_LENS_IDLE_UNLOAD_MS, default 300000; 0 = never) */
  idleUnloadMs?: number;
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** Reads the immich-lens inference environment; unknown task names are an error, not ignored. */
export function inferenceConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LensInferenceConfig {
  const local = (env.IMMICH_LENS_LOCAL ?? 'clip,ocr')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  for (const task of local) {
    if (task !== 'clip' && task !== 'ocr') throw new Error(`IMMICH_LENS_LOCAL: unknown task "${task}" (clip, ocr)`);
  }
  return {
    local: local as LocalTask[],
    cacheFolder: env.MACHINE_LEARNING_CACHE_FOLDER ?? '/cache',
    clipModelDir: env.IMMICH_LENS_CLIP_MODEL || undefined,
    remoteFallback: env.IMMICH_LENS_REMOTE_FALLBACK === 'true',
    threads: positiveInt('IMMICH_LENS_THREADS', env.IMMICH_LENS_THREADS),
    idleUnloadMs: positiveInt('IMMICH_LENS_IDLE_UNLOAD_MS', env.IMMICH_LENS_IDLE_UNLOAD_MS),
  };
}
