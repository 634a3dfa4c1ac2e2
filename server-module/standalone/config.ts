/**
 * The standalone host's configuration: what both hosts share (ml-provider/config.ts) plus the
 * standalone's own variables (database, Immich ML URLs, API key, demo page), each listed in
 * STANDALONE_ENVIRONMENT (README.md's table is checked against it) and refused, naming the variable,
 * when its value cannot be used.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readInferenceConfig } from '../ml-provider/config';
import { ConfigError, Env, EnvironmentVariable, optional, url } from '../ml-provider/environment';
import type { LensInferenceConfig } from '../ml-provider/types';

export const STANDALONE_ENVIRONMENT: EnvironmentVariable[] = [
  { name: 'DATABASE_URL', default: '(embedded PGlite under `--data-dir`)', host: 'standalone', description: 'a PostgreSQL URL (`postgres://…`, pgvector installed) for `index`, `search`, `serve`, `import-ocr`' },
  { name: 'IMMICH_MACHINE_LEARNING_URL', default: '(none)', host: 'standalone', description: 'Immich ML service URL(s), comma-separated, for tasks not run in-process' },
  { name: 'IMMICH_LENS_API_KEY', default: '(one is created on first start)', host: 'standalone', description: '`serve`: the API key accepted for the local user' },
  { name: 'IMMICH_LENS_WEB_DIR', default: '`demo-page/dist`', host: 'standalone', description: '`serve`: the built demo page shown at `/`' },
];

export interface StandaloneEnvironment {
  databaseUrl?: string;
  mlUrls: string[];
  apiKey?: string;
  webDir?: string;
}

export interface StandaloneConfig {
  inference: LensInferenceConfig;
  standalone: StandaloneEnvironment;
}

export function readStandaloneConfig(env: Env = process.env): StandaloneConfig {
  return { inference: readInferenceConfig(env), standalone: readStandaloneEnvironment(env) };
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
