/**
 * The one reader of immich-lens's environment, for both hosts: every variable, its default and
 * meaning are listed in LENS_ENVIRONMENT (README.md's table is checked against it), and a value that
 * cannot be used is refused here, at startup, with a message naming the variable.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LensInferenceConfig, LocalTask } from './types';

export interface EnvironmentVariable {
  name: string;
  /** the default as the README shows it */
  default: string;
  /** 'both': the Immich graft and the standalone host; 'standalone': the CLI / HTTP host only */
  host: 'both' | 'standalone';
  description: string;
}

export const LENS_ENVIRONMENT: EnvironmentVariable[] = [
  { name: 'IMMICH_LENS_LOCAL', default: 'clip,ocr', host: 'both', description: 'tasks run in-process (`clip`, `ocr`, both, or empty for none); the others go to `machineLearning.urls`' },
  { name: 'MACHINE_LEARNING_CACHE_FOLDER', default: '/cache', host: 'both', description: "Immich ML's model cache (`clip/<name>/`, `ocr/<name>/`), the volume Immich's ML container already uses" },
  { name: 'IMMICH_LENS_CLIP_MODEL', default: '(none)', host: 'both', description: 'a CLIP model directory (Immich cache layout or a Chinese-CLIP export) used whatever model name is configured' },
  { name: 'IMMICH_LENS_REMOTE_FALLBACK', default: 'false', host: 'both', description: '`true`: a model missing from the cache goes to the remote ML service; `false`: OCR uses the embedded PP-OCRv4, CLIP answers an error naming the model' },
  { name: 'IMMICH_LENS_THREADS', default: '(number of cores)', host: 'both', description: 'onnxruntime intra-op threads per session, a positive integer' },
  { name: 'IMMICH_LENS_IDLE_UNLOAD_MS', default: '300000', host: 'both', description: 'an ONNX session idle this long (milliseconds) is unloaded; `0` = never' },
  { name: 'DATABASE_URL', default: '(embedded PGlite under `--data-dir`)', host: 'standalone', description: 'a PostgreSQL URL (`postgres://…`, pgvector installed) for `index`, `search`, `serve`, `import-ocr`' },
  { name: 'IMMICH_MACHINE_LEARNING_URL', default: '(none)', host: 'standalone', description: 'Immich ML service URL(s), comma-separated, for tasks not run in-process' },
  { name: 'IMMICH_LENS_API_KEY', default: '(one is created on first start)', host: 'standalone', description: '`serve`: the API key accepted for the local user' },
  { name: 'IMMICH_LENS_WEB_DIR', default: '`demo-page/dist`', host: 'standalone', description: '`serve`: the built demo page shown at `/`' },
];

/** A configuration value that cannot be used; `variable` names its source. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export interface StandaloneEnvironment {
  databaseUrl?: string;
  mlUrls: string[];
  apiKey?: string;
  webDir?: string;
}

export interface LensConfig {
  inference: LensInferenceConfig;
  standalone: StandaloneEnvironment;
}

type Env = Record<string, string | undefined>;

export function readLensConfig(env: Env = process.env): LensConfig {
  return { inference: readInferenceConfig(env), standalone: readStandaloneEnvironment(env) };
}

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

function readStandaloneEnvironment(env: Env): StandaloneEnvironment {
  const databaseUrl = optional(env, 'DATABASE_URL');
  if (databaseUrl !== undefined) url('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']);
  const mlUrls = (optional(env, 'IMMICH_MACHINE_LEARNING_URL') ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const u of mlUrls) url('IMMICH_MACHINE_LEARNING_URL', u, ['http:', 'https:']);
  const webDir = optional(env, 'IMMICH_LENS_WEB_DIR');
  if (webDir !== undefined && !existsSync(join(webDir, 'index.html'))) {
    throw new ConfigError('IMMICH_LENS_WEB_DIR', `no index.html in ${webDir} (build the demo page with npm run build:web)`);
  }
  return { databaseUrl, mlUrls, apiKey: optional(env, 'IMMICH_LENS_API_KEY'), webDir };
}

/** A set variable's value; an empty value counts as unset. */
function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
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

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const value = optional(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

function integer(env: Env, name: string, min: number): number | undefined {
  const value = optional(env, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new ConfigError(name, `must be ${min === 0 ? 'a non-negative' : 'a positive'} integer, got "${value}"`);
  }
  return n;
}

function directory(name: string, value: string): string {
  const dir = resolve(value);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ConfigError(name, `not a directory: ${value}`);
  return dir;
}

function url(name: string, value: string, protocols: string[]): void {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `not a URL: "${value}"`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `expected a ${protocols.join(' or ')}// URL, got "${value}"`);
}
