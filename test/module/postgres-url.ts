/** A fresh, empty database on the test Postgres server, by URL (for child processes). */
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PG_URL } from '../search/db';

export async function createPostgresUrl(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const admin = new Pool({ connectionString: PG_URL, max: 1, connectionTimeoutMillis: 5000 });
  try {
    await admin.query('select 1');
  } catch (error) {
    await admin.end();
    const message = `PostgreSQL unreachable at ${PG_URL} (${(error as Error).message}); run scripts/ci-postgres.sh or set IMMICH_LENS_TEST_PG_URL`;
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`\n\n!!!!!!!! SKIPPING real-Postgres host tests: ${message} !!!!!!!!\n\n`);
    return null;
  }
  const name = `immich_lens_host_${randomBytes(6).toString('hex')}`;
  await admin.query(`create database ${name} LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
