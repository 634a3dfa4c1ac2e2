/**
 * `immich-lens serve` — the HTTP API (POST /api/search/smart, /api/search/ocr, /api/assets/jobs,
 * GET /api/assets/:id/ocr|thumbnail|original, OpenAPI at /api/docs) with the job runner.
 * Auth is Immich's `x-api-key`; a key is created and printed on the first start (or --api-key).
 */
import type { Command } from 'commander';
import { createStandaloneApp } from '../http/http-app';
import { findWebUiDir } from '../http/web-ui';
import { openStandalone } from '../open-standalone';
import { createApiKey, LOCAL_USER_EMAIL } from '../users';
import { CliIo, finiteNumber, processIo, runReported } from './io';
import type { ConfigSource } from './main';
import { DatabaseCliOptions, ModelCliOptions, standaloneFlags, withDatabaseOptions, withModelOptions } from './standalone-options';

export interface ServeCliOptions extends DatabaseCliOptions, ModelCliOptions {
  port?: number;
  host?: string;
  apiKey?: string;
  jobConcurrency?: number;
}

/** Starts the server; resolves once it listens (it runs until SIGINT / SIGTERM). */
export async function runServe(opts: ServeCliOptions, config: ConfigSource, io: CliIo = processIo): Promise<void> {
  const environment = config();
  const standalone = await openStandalone(environment, { ...standaloneFlags(opts, io), jobConcurrency: opts.jobConcurrency });
  const { db } = standalone.database;
  const existing = await db.selectFrom('api_key').select('id').where('userId', '=', standalone.userId).executeTakeFirst();
  const given = opts.apiKey ?? environment.standalone.apiKey;
  if (given) await createApiKey(db, standalone.userId, 'serve', ['all'], given);
  else if (!existing) {
    const key = await createApiKey(db, standalone.userId, 'serve');
    io.out(`API key for ${LOCAL_USER_EMAIL} (shown once): ${key}`);
  }
  const app = await createStandaloneApp(standalone.options, environment.standalone.webDir ?? findWebUiDir());
  app.enableShutdownHooks();
  const port = opts.port ?? 2283;
  const host = opts.host ?? '127.0.0.1';
  await app.listen(port, host);
  const close = async () => {
    await app.close();
    await standalone.database.close();
  };
  process.once('SIGINT', () => void close().then(() => process.exit(0)));
  process.once('SIGTERM', () => void close().then(() => process.exit(0)));
  io.out(`immich-lens listening on http://${host}:${port}/api (docs: /api/docs), database: ${standalone.database.backend} ${standalone.database.location}`);
}

export function registerServeCommand(program: Command, config: ConfigSource, io: CliIo = processIo): void {
  const command = program
    .command('serve')
    .description('HTTP API: search, regenerate jobs, OCR boxes, thumbnails and originals (x-api-key auth, OpenAPI at /api/docs)')
    .option('--port <n>', 'port (default 2283, as Immich)', finiteNumber)
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--api-key <key>', 'accept this API key for the local user (default $IMMICH_LENS_API_KEY; else one is created on first start)')
    .option('--job-concurrency <n>', 'jobs of each kind run at once (default: OCR 1, CLIP 2, as Immich)', finiteNumber);
  withModelOptions(withDatabaseOptions(command)).action(async (opts: ServeCliOptions) => {
    let listening = false;
    await runReported('serve', io, async () => {
      await runServe(opts, config, io);
      listening = true;
      return 0;
    });
    if (listening) await new Promise(() => {}); // until a signal
  });
}
