/**
 * The standalone host's database: real Postgres from a URL, or an embedded PGlite (WASM Postgres with
 * pgvector, pg_trgm, unaccent) persisted in a directory. PGlite is served over a private unix
 * socket by pglite-socket so the same pg/kysely code runs on both.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { applyStandaloneSchema } from './schema';
import type { StandaloneDatabase } from './types';

export interface StandaloneDatabaseHandle {
  backend: 'postgres' | 'pglite';
  db: Kysely<StandaloneDatabase>;
  /** where the data lives: the URL (password hidden) or the PGlite directory */
  location: string;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = '.immich-lens';

export interface OpenDatabaseOptions {
  /** postgres:// URL (the CLI passes --db or DATABASE_URL); default: PGlite under dataDir */
  url?: string;
  /** default ./.immich-lens */
  dataDir?: string;
  /** connections to real Postgres (default 10) */
  poolSize?: number;
}

export async function openStandaloneDatabase(options: OpenDatabaseOptions = {}): Promise<StandaloneDatabaseHandle> {
  const url = options.url;
  const handle = url ? openPostgres(url, options.poolSize ?? 10) : await openPglite(resolve(options.dataDir ?? DEFAULT_DATA_DIR, 'pgdata'));
  try {
    await applyStandaloneSchema(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

function openPostgres(url: string, max: number): StandaloneDatabaseHandle {
  const pool = new Pool({ connectionString: url, max });
  const db = new Kysely<StandaloneDatabase>({ dialect: new PostgresDialect({ pool }) });
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  return { backend: 'postgres', db, location: shown.toString(), close: () => db.destroy() };
}

/** Thrown when another process has the embedded database open. */
export class DatabaseInUseError extends Error {}

/**
 * PGlite is one process's database: a second process on the same directory would corrupt it. A lock
 * file with the owner's pid keeps `index` from running beside `serve`; a dead owner's lock is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = join(dir, 'immich-lens.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new DatabaseInUseError(`the database in ${dir} is in use by process ${pid} (another immich-lens index/search/serve); wait for it, or use --db postgres://… for concurrent use`);
      }
      unlinkSync(file); // stale: its process is gone
    }
  }
  throw new DatabaseInUseError(`could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPglite(dir: string): Promise<StandaloneDatabaseHandle> {
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dir);
  try {
    return await startPglite(dir, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

async function startPglite(dir: string, unlock: () => void): Promise<StandaloneDatabaseHandle> {
  // real import(): PGlite and its extensions are ES modules loaded at run time
  const dynamicImport = new Function('m', 'return import(m)') as (m: string) => Promise<any>;
  const [{ PGlite }, { vector }, { pg_trgm }, { unaccent }, { PGLiteSocketServer }] = await Promise.all([
    dynamicImport('@electric-sql/pglite'),
    dynamicImport('@electric-sql/pglite-pgvector'),
    dynamicImport('@electric-sql/pglite/contrib/pg_trgm'),
    dynamicImport('@electric-sql/pglite/contrib/unaccent'),
    dynamicImport('@electric-sql/pglite-socket'),
  ]);
  // pg_trgm and unaccent: databases created before the standalone stopped writing Immich's ocr_search
  // keep that table and its trigram index, which deleting an asset still updates
  const pglite = await PGlite.create(dir, { extensions: { vector, pg_trgm, unaccent } });
  const socketDir = mkdtempSync(join(tmpdir(), 'immich-lens-pg-'));
  const server = new PGLiteSocketServer({ db: pglite, path: join(socketDir, '.s.PGSQL.5432') });
  await server.start();
  // PGlite is one session: one pooled connection, queries queue in the pool
  const pool = new Pool({ host: socketDir, user: 'postgres', password: 'postgres', database: 'postgres', max: 1 });
  const db = new Kysely<StandaloneDatabase>({ dialect: new PostgresDialect({ pool }) });
  return {
    backend: 'pglite',
    db,
    location: dir,
    async close() {
      await db.destroy();
      await server.stop();
      await pglite.close();
      rmSync(socketDir, { recursive: true, force: true });
      unlock();
    },
  };
}
