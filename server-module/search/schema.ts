import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';

/** Directory holding the SQL files, from the sources or from the dist/ build. */
export function sqlDir(): string {
  for (const dir of [join(__dirname, '../../sql'), join(__dirname, '../../../sql')]) {
    if (existsSync(join(dir, 'immich-lens/up.sql'))) return dir;
  }
  throw new Error(`immich-lens sql/ directory not found from ${__dirname}`);
}

export function readSql(relativePath: string): string {
  return readFileSync(join(sqlDir(), relativePath), 'utf8');
}

async function run(db: Kysely<any>, text: string) {
  await sql.raw(text).execute(db);
}

/** Immich's tables (subset) for standalone use; never run inside Immich. */
export async function applyStandaloneBaseSchema(db: Kysely<any>): Promise<void> {
  await run(db, readSql('standalone/base-schema.sql'));
}

export async function applyLensMigration(db: Kysely<any>): Promise<void> {
  await run(db, readSql('immich-lens/up.sql'));
  await run(db, readSql('immich-lens/zhparser.sql'));
}

/** Whether the server can create the rum extension (Debian: postgresql-15-rum). */
export async function rumAvailable(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'rum'`.execute(db);
  return rows[0].n > 0;
}

/** The opt-in RUM index (sql/immich-lens/rum.sql); fails clearly where the rum extension is missing. */
export async function applyLensRumIndex(db: Kysely<any>): Promise<void> {
  await run(db, readSql('immich-lens/rum.sql'));
}

export async function revertLensMigration(db: Kysely<any>): Promise<void> {
  await run(db, readSql('immich-lens/down.sql'));
}
