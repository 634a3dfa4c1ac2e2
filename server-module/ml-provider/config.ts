/**
 * The configuration both hosts share (models, threads, cache folder, …), read from the environment:
 * every variable, its default and meaning are listed in LENS_ENVIRONMENT (README.md's table is checked
 * against it), and a value that cannot be used is refused here, at startup, with a message naming
 * the variable. The standalone host's own variables are read by server-module/standalone/config.ts.
 */
import { boolean, ConfigError, directory, Env, EnvironmentVariable, integer, optional } from './environment';
import type { LensInferenceConfig, LocalTask } from './types';

export { ConfigError };
export type { EnvironmentVariable };

export const LENS_ENVIRONMENT: EnvironmentVariable[] = [
  { name: 'IMMICH_LENS_LOCAL', default: 'clip,ocr', host: 'both', description: 'tasks run in-process (`clip`, `ocr`, both, or empty for none); the others go to `machineLearning.urls`' },
  { name: 'MACHINE_LEARNING_CACHE_FOLDER', default: '/cache', host: 'both', description: "Immich ML's model cache (`clip/<name>/`, `ocr/<name>/`), the volume Immich's ML container already uses" },
  { name: 'IMMICH_LENS_CLIP_MODEL', default: '(none)', host: 'both', description: 'a CLIP model directory (Immich cache layout or a Chinese-CLIP export) used whatever model name is configured' },
  { name: 'IMMICH_LENS_REMOTE_FALLBACK', default: 'false', host: 'both', description: '`true`: a model missing from the cache goes to the remote ML service; `false`: OCR uses the embedded PP-OCRv4, CLIP answers an error naming the model' },
  { name: 'IMMICH_LENS_THREADS', default: '(number of cores)', host: 'both', description: 'onnxruntime intra-op threads per session, a positive integer' },
  { name: 'IMMICH_LENS_IDLE_UNLOAD_MS', default: '300000', host: 'both', description: 'an ONNX session idle this long (milliseconds) is unloaded; `0` = never' },
];

export function readInferenceConfig(env: Env = process.env): LensInferenceConfig {
  const clipModelDir = optional(env, 'IMMICH_LENS_CLIP_MODEL');
  return {
    local: localTasks(env.IMMICH_LENS_LOCAL ?? 'clip,ocr'),
    cacheFolder: optional(env, 'MACHINE_LEARNING_CACHE_FOLDER') ?? '/cache',
    clipModelDir: clipModelDir === undefined ? undefined : directory('IMMICH_LENS_CLIP_MODEL', clipModelDir),
    remoteFallback: boolean(env, 'IMMICH_LENS_REMOTE_FALLBACK', false),
    threads: integer(env, 'IMMICH_LENS_THREADS', 1),
    idleUnloadMs: integer(env, 'IMMICH_LENS_IDLE_UNLOAD_MS', 0),
  };
}

function localTasks(value: string): LocalTask[] {
  const tasks = value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  for (const task of tasks) {
    if (task !== 'clip' && task !== 'ocr') throw new ConfigError('IMMICH_LENS_LOCAL', `unknown task "${task}" (known: clip, ocr)`);
  }
  return [...new Set(tasks)] as LocalTask[];
}
