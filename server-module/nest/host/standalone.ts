/**
 * Everything the `immich-lens index|search|serve|import-ocr` commands share: opening the database,
 * the machine-learning config from flags + environment, and a Nest context or app on LensModule.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HostDatabaseHandle, openHostDatabase } from '../database';
import { LensModule } from '../lens.module';
import type { LensModuleOptions } from '../lens-options';
import { DEFAULT_MACHINE_LEARNING_CONFIG, inferenceConfigFromEnv, MachineLearningConfig } from '../ml-config';
import { createHostApp } from './host.module';
import { ensureUser } from './users';

export interface StandaloneOptions {
  db?: string;
  dataDir?: string;
  /** CLIP model directory (Immich cache layout or Chinese-CLIP export); default: none (OCR only) */
  clipModel?: string;
  /** Immich ML cache folder for OCR/CLIP models by name */
  cacheFolder?: string;
  ocrModel?: string;
  threads?: number;
  /** remote Immich ML URL(s) for faces and delegated models */
  mlUrl?: string[];
  /** jobs of each kind run at once (default: Immich's, OCR 1 and SmartSearch 2) */
  jobConcurrency?: number;
  log?: (line: string) => void;
}

export interface Standalone {
  database: HostDatabaseHandle;
  options: LensModuleOptions;
  userId: string;
}

export function machineLearningConfig(opts: StandaloneOptions, env: NodeJS.ProcessEnv = process.env): MachineLearningConfig {
  const urls = opts.mlUrl ?? (env.IMMICH_MACHINE_LEARNING_URL ? env.IMMICH_MACHINE_LEARNING_URL.split(',').map((u) => u.trim()) : []);
  const clipModel = opts.clipModel ?? env.IMMICH_LENS_CLIP_MODEL;
  return {
    ...DEFAULT_MACHINE_LEARNING_CONFIG,
    urls,
    availabilityChecks: { ...DEFAULT_MACHINE_LEARNING_CONFIG.availabilityChecks, enabled: urls.length > 0 },
    clip: { enabled: true, modelName: clipModel ? basename(resolve(clipModel)) : (env.IMMICH_LENS_CLIP_MODEL_NAME ?? DEFAULT_MACHINE_LEARNING_CONFIG.clip.modelName) },
    ocr: { ...DEFAULT_MACHINE_LEARNING_CONFIG.ocr, modelName: opts.ocrModel ?? env.IMMICH_LENS_OCR_MODEL_NAME ?? DEFAULT_MACHINE_LEARNING_CONFIG.ocr.modelName },
  };
}

export async function openStandalone(opts: StandaloneOptions): Promise<Standalone> {
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  if (opts.clipModel && !existsSync(resolve(opts.clipModel))) throw new Error(`CLIP model directory not found: ${opts.clipModel}`);
  const inference = inferenceConfigFromEnv();
  if (opts.cacheFolder) inference.cacheFolder = opts.cacheFolder;
  if (opts.clipModel) inference.clipModelDir = resolve(opts.clipModel);
  if (opts.threads !== undefined) inference.threads = opts.threads;
  const database = await openHostDatabase({ url: opts.db, dataDir: opts.dataDir });
  try {
    const userId = await ensureUser(database.db);
    const options: LensModuleOptions = {
      db: database.db,
      inference,
      machineLearning: machineLearningConfig(opts),
      adaptEmbeddingDimension: true,
      jobConcurrency: opts.jobConcurrency === undefined ? undefined : { ocr: opts.jobConcurrency, 'smart-search': opts.jobConcurrency },
      log,
    };
    return { database, options, userId };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** A Nest application context on LensModule (no HTTP; jobs are run by the caller). */
export async function createLensContext(options: LensModuleOptions): Promise<INestApplicationContext> {
  const context = await NestFactory.createApplicationContext(LensModule.forRoot({ ...options, runJobs: false }), { logger: ['error', 'warn'] });
  await context.init();
  return context;
}

export async function createStandaloneApp(options: LensModuleOptions): Promise<INestApplication> {
  return createHostApp(options);
}
