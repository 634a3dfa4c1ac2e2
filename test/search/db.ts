import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { applyLensMigration, applyLensRumIndex, applyStandaloneBaseSchema, rumAvailable } from '../../server-module/search/schema';
import { LensDatabase } from '../../server-module/search/types';

import { PG_URL } from '../services';

export { PG_URL };

export interface TestDatabase {
  backend: 'postgres' | 'postgres-rum' | 'pglite';
  db: Kysely<LensDatabase>;
  close(): Promise<void>;
}

/**
 * An admin connection to the test server; an unreachable server is an error saying so (tests that
 * need it are declared with describeWith('postgres') from ../services, skipped outside CI when it is missing).
 */
export async function connectTestServer(purpose: string): Promise<Pool> {
  const admin = new Pool({ connectionString: PG_URL, max: 1, connectionTimeoutMillis: 5000 });
  try {
    await admin.query('select 1');
    return admin;
  } catch (error) {
    await admin.end();
    throw new Error(`${purpose}: PostgreSQL unreachable at ${PG_URL} (${(error as Error).message}); run scripts/ci-postgres.sh or set IMMICH_LENS_TEST_PG_URL`);
  }
}

/**
 * A fresh, empty database (UTF-8 ctype, so pg_trgm makes CJK trigrams) on the test server, by URL.
 * `admin` stays connected for dropping it.
 */
export async function createEmptyPostgresDatabase(purpose: string): Promise<{ name: string; url: string; admin: Pool }> {
  const admin = await connectTestServer(purpose);
  const name = `immich_lens_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`create database ${name} LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), admin };
}

/**
 * Drops a test database and closes `admin`. Not `with (force)`: pg-pool resolves end() before its
 * sockets close, and a forced drop kills them mid-close (an unhandled 57P01 in the test process);
 * instead it retries while the database is still in use (55006).
 */
export async function dropDatabase(admin: Pool, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`drop database if exists ${name}`);
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await admin.end();
}

/** A fresh database on real PostgreSQL with the standalone base schema and the immich-lens migration. */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const { name, url, admin } = await createEmptyPostgresDatabase('search');
  const pool = new Pool({ connectionString: url, max: 4 });
  const db = new Kysely<LensDatabase>({ dialect: new PostgresDialect({ pool }) });
  await applyStandaloneBaseSchema(db);
  await applyLensMigration(db);
  return {
    backend: 'postgres',
    db,
    async close() {
      await db.destroy();
      await dropDatabase(admin, name);
    },
  };
}

/**
 * Like createPostgresDatabase, plus the opt-in RUM index (sql/immich-lens/rum.sql), so the searches
 * take the RUM path (tests using it are declared with describeWith('rum')).
 */
export async function createPostgresRumDatabase(): Promise<TestDatabase> {
  const t = await createPostgresDatabase();
  if (!(await rumAvailable(t.db))) {
    await t.close();
    throw new Error('this PostgreSQL has no rum extension (Debian: postgresql-15-rum)');
  }
  await applyLensRumIndex(t.db);
  return { ...t, backend: 'postgres-rum' };
}

/**
 * PGlite (WASM Postgres with pgvector, pg_trgm, unaccent) served by pglite-socket's server in a
 * child process (PGlite's own dynamic imports do not run inside jest's module sandbox).
 */
export async function createPgliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'immich-lens-pglite-'));
  const server = spawn(
    process.execPath,
    [
      join(dirname(require.resolve('@electric-sql/pglite-socket')), 'scripts/server.cjs'),
      `--path=${join(dir, '.s.PGSQL.5432')}`,
      '--extensions=@electric-sql/pglite-pgvector:vector,pg_trgm,unaccent',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pglite-server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pglite-server exited with ${code}:\n${output}`));
    });
  });
  const db = new Kysely<LensDatabase>({
    dialect: new PostgresDialect({
      pool: new Pool({ host: dir, user: 'postgres', password: 'postgres', database: 'postgres', max: 1 }),
    }),
  });
  await applyStandaloneBaseSchema(db);
  await applyLensMigration(db);
  return {
    backend: 'pglite',
    db,
    async close() {
      await db.destroy();
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
