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

/** Where the schema steps say what they did (Immich: its logger; default: nowhere). */
export type SchemaLog = (line: string) => void;

/** Immich's tables (subset) for standalone use; never run inside Immich. */
export async function applyStandaloneBaseSchema(db: Kysely<any>): Promise<void> {
  await run(db, readSql('standalone/base-schema.sql'));
}

/** Immich's own `ocr_search` table (trigram-indexed), after the base schema: only where a test or benchmark stands in for Immich. */
export async function applyUpstreamOcrSearch(db: Kysely<any>): Promise<void> {
  await run(db, readSql('standalone/upstream-ocr-search.sql'));
}

/**
 * The immich-lens schema (up.sql), then the optional zhparser configuration (applyZhparser). Safe
 * inside Immich's migration transaction: nothing here can abort it for want of zhparser rights.
 */
export async function applyLensMigration(db: Kysely<any>, log: SchemaLog = () => {}): Promise<void> {
  await run(db, readSql('immich-lens/up.sql'));
  await applyZhparser(db, log);
}

/** What PostgreSQL says about an extension and the current role (CREATE EXTENSION's own rules). */
export interface ExtensionRights {
  /** its control file is installed on the server */
  available: boolean;
  /** already created in this database */
  created: boolean;
  /** the current role may create it: a superuser, or a trusted extension and CREATE on the database */
  creatable: boolean;
  role: string;
  superuser: boolean;
  trusted: boolean;
}

export async function extensionRights(db: Kysely<any>, name: string): Promise<ExtensionRights> {
  const { rows } = await sql<ExtensionRights & { createOnDatabase: boolean }>`
    select exists (select 1 from pg_available_extensions where name = ${name}) as available,
           exists (select 1 from pg_extension where extname = ${name}) as created,
           current_user::text as role,
           (select rolsuper from pg_roles where rolname = current_user) as superuser,
           coalesce((select v.trusted from pg_available_extensions a
                     join pg_available_extension_versions v on v.name = a.name and v.version = a.default_version
                     where a.name = ${name}), false) as trusted,
           has_database_privilege(current_database(), 'CREATE') as "createOnDatabase"`.execute(db);
  const { createOnDatabase, ...rights } = rows[0];
  return { ...rights, creatable: rights.available && (rights.superuser || (rights.trusted && createOnDatabase)) };
}

/** What applyZhparser did. */
export type ZhparserOutcome = 'unavailable' | 'not-permitted' | 'failed' | 'configured';

/**
 * The `chinese` text search configuration on zhparser (sql/immich-lens/zhparser.sql), where the
 * server has zhparser and the role may create it. Search never needs it (immich-lens segments text
 * itself, with jieba, for documents and queries alike), so a role that may not create the extension
 * (zhparser is not a trusted extension: superusers only) or a setup that fails gets one log line and
 * the migration goes on. Privileges are checked first; the attempt runs in a savepoint, so a failure
 * cannot abort the transaction Immich runs all pending migrations in.
 */
export async function applyZhparser(db: Kysely<any>, log: SchemaLog = () => {}): Promise<ZhparserOutcome> {
  const rights = await extensionRights(db, 'zhparser');
  if (!rights.available) return 'unavailable';
  const skipped = 'no `chinese` text search configuration; search is unaffected (immich-lens segments text itself)';
  if (!rights.created && !rights.creatable) {
    log(`zhparser is installed but role "${rights.role}" may not create it (not a superuser; zhparser is not a trusted extension): ${skipped}. A superuser can add it later: psql -f sql/immich-lens/zhparser.sql`);
    return 'not-permitted';
  }
  const error = await inSavepoint(db, 'immich_lens_zhparser', (inner) => run(inner, readSql('immich-lens/zhparser.sql')));
  if (error) {
    log(`zhparser could not be set up (${error.message}): ${skipped}`);
    return 'failed';
  }
  return 'configured';
}

/** Runs `step` so that its failure undoes only its own work: a savepoint inside a transaction, else a transaction of its own. */
async function inSavepoint(db: Kysely<any>, name: string, step: (db: Kysely<any>) => Promise<void>): Promise<Error | undefined> {
  try {
    if (!db.isTransaction) {
      await db.transaction().execute(step);
      return undefined;
    }
    await run(db, `savepoint ${name}`);
  } catch (error) {
    return error as Error;
  }
  try {
    await step(db);
    await run(db, `release savepoint ${name}`);
    return undefined;
  } catch (error) {
    await run(db, `rollback to savepoint ${name}`);
    return error as Error;
  }
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

/**
 * Removes everything immich-lens added (down.sql): the migration's `down`, and the way back to stock
 * Immich (scripts/immich/revert-to-stock.sh runs the same file with psql).
 */
export async function revertLensMigration(db: Kysely<any>): Promise<void> {
  await run(db, readSql('immich-lens/down.sql'));
}
