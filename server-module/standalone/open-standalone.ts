/**
 * Everything the `immich-lens index|search|serve|import-ocr` commands share: the database, the
 * machine-learning config from the command's flags over the environment (read once, by
 * standalone/config.ts), and a Nest context or app on the StandaloneModule.
 */
import 'reflect-metadata';
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_MACHINE_LEARNING_CONFIG, MachineLearningConfig } from '../ml-provider/types';
import type { StandaloneConfig } from './config';
import { isOcrModelDirectory, ocrModelDirectory } from './cli/ocr-model-option';
import { StandaloneDatabaseHandle, openStandaloneDatabase } from './database';
import type { StandaloneModuleOptions } from './module-options';
import { StandaloneModule } from './standalone.module';
import { ensureUser } from './users';

/** What the commands' flags say; each overrides its environment variable. */
export interface StandaloneFlags {
  /** --db */
  db?: string;
  dataDir?: string;
  /** --clip-model DIR (Immich cache layout or Chinese-CLIP export); default: none (OCR only) */
  clipModel?: string;
  /** --cache-folder: Immich ML cache folder for OCR/CLIP models by name */
  cacheFolder?: string;
  /** --ocr-model NAME in the cache, or DIR (a path with a /) in Immich's cache layout */
  ocrModel?: string;
  threads?: number;
  /** jobs of each kind run at once (default: Immich's, OCR 1 and SmartSearch 2) */
  jobConcurrency?: number;
  log?: (line: string) => void;
}

export interface Standalone {
  database: StandaloneDatabaseHandle;
  options: StandaloneModuleOptions;
  userId: string;
}

/** The machineLearning config the standalone host runs with (Immich's defaults, URLs from the environment). */
export function standaloneMachineLearning(config: StandaloneConfig, flags: StandaloneFlags): MachineLearningConfig {
  const urls = config.standalone.mlUrls;
  const clipDir = config.inference.clipModelDir;
  return {
    ...DEFAULT_MACHINE_LEARNING_CONFIG,
    urls,
    availabilityChecks: { ...DEFAULT_MACHINE_LEARNING_CONFIG.availabilityChecks, enabled: urls.length > 0 },
    clip: { enabled: true, modelName: clipDir ? basename(clipDir) : DEFAULT_MACHINE_LEARNING_CONFIG.clip.modelName },
    ocr: { ...DEFAULT_MACHINE_LEARNING_CONFIG.ocr, modelName: ocrModelName(config, flags) },
  };
}

/** The configuration with the command's flags applied (flags validated by the CLI's option parsers). */
export function withFlags(config: StandaloneConfig, flags: StandaloneFlags): StandaloneConfig {
  return {
    inference: {
      ...config.inference,
      ...(flags.cacheFolder !== undefined && { cacheFolder: flags.cacheFolder }),
      ...(flags.clipModel !== undefined && { clipModelDir: existingDirectory(flags.clipModel, '--clip-model') }),
      ...(flags.ocrModel !== undefined && isOcrModelDirectory(flags.ocrModel) && { ocrModelDir: ocrModelDirectory(flags.ocrModel) }),
      ...(flags.threads !== undefined && { threads: flags.threads }),
    },
    standalone: { ...config.standalone, ...(flags.db !== undefined && { databaseUrl: flags.db }) },
  };
}

/** The OCR model's name: --ocr-model NAME, the directory's name for --ocr-model DIR, else Immich's default. */
function ocrModelName(config: StandaloneConfig, flags: StandaloneFlags): string {
  if (config.inference.ocrModelDir) return basename(config.inference.ocrModelDir);
  return flags.ocrModel ?? DEFAULT_MACHINE_LEARNING_CONFIG.ocr.modelName;
}

function existingDirectory(dir: string, flag: string): string {
  const resolved = resolve(dir);
  if (!existsSync(resolved) || !statSync(resolved).isDirectory()) throw new Error(`${flag}: not a directory: ${dir}`);
  return resolved;
}

export async function openStandalone(environment: StandaloneConfig, flags: StandaloneFlags): Promise<Standalone> {
  const log = flags.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const config = withFlags(environment, flags);
  const database = await openStandaloneDatabase({ url: config.standalone.databaseUrl, dataDir: flags.dataDir });
  try {
    const userId = await ensureUser(database.db);
    const options: StandaloneModuleOptions = {
      db: database.db,
      inference: config.inference,
      machineLearning: standaloneMachineLearning(config, flags),
      adaptEmbeddingDimension: true,
      jobConcurrency: flags.jobConcurrency === undefined ? undefined : { Ocr: flags.jobConcurrency, SmartSearch: flags.jobConcurrency },
      log,
    };
    return { database, options, userId };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** A Nest application context on the StandaloneModule (no HTTP; jobs are run by the caller). */
export async function createStandaloneContext(options: StandaloneModuleOptions): Promise<INestApplicationContext> {
  const context = await NestFactory.createApplicationContext(StandaloneModule.forRoot({ ...options, runJobs: false }), { logger: ['error', 'warn'] });
  await context.init();
  return context;
}

/** Runs `work` with the database and a StandaloneModule context on it, closing both afterwards. */
export async function withStandaloneContext<T>(
  environment: StandaloneConfig,
  flags: StandaloneFlags,
  work: (standalone: Standalone, context: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const standalone = await openStandalone(environment, flags);
  try {
    const context = await createStandaloneContext(standalone.options);
    try {
      return await work(standalone, context);
    } finally {
      await context.close();
    }
  } finally {
    await standalone.database.close();
  }
}
