import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { immichLensUp } from '../../server-module/immich';
import { applyStandaloneBaseSchema, extensionRights } from '../../server-module/search/schema';
import { describeWith, itWith } from '../services';
import { createEmptyPostgresDatabase, createPostgresDatabase, dropDatabase, TestDatabase } from './db';

/**
 * zhparser/SCWS are not packaged for Debian: the migration creates the `chinese` text search
 * configuration only where the extension exists and the role may create it. Search itself always
 * uses the jieba-built tsvector (one segmenter for documents and queries), so its results do not
 * depend on zhparser. The zhparser cases run where it is installed (docker/postgres/install-zhparser.sh)
 * and are skipped, saying why, where it is not (CI's PostgreSQL too); the rights check itself runs
 * wherever PostgreSQL does, on contrib extensions.
 */
const zhparserAvailable = async (db: Kysely<any>) => (await extensionRights(db, 'zhparser')).available;

describeWith('postgres')('zhparser configuration (optional)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates the chinese configuration exactly when zhparser is available', async () => {
    const { rows } = await sql<{ n: string }>`select count(*) as n from pg_ts_config where cfgname = 'chinese'`.execute(t.db);
    expect(Number(rows[0].n)).toBe((await zhparserAvailable(t.db)) ? 1 : 0);
  });

  itWith('zhparser')('the chinese configuration\'s e tokens keep English words and numbers', async () => {
    const tsv = await sql<{ v: string }>`select to_tsvector('chinese', '增值税专用发票 Invoice No. 12345678')::text as v`.execute(t.db);
    expect(tsv.rows[0].v).toContain('发票');
    expect(tsv.rows[0].v).toContain("'invoice'");
    expect(tsv.rows[0].v).toContain("'12345678'");
  });
});

/** A database owned by a new non-superuser role (an Immich DB_USERNAME that is not `postgres`), with Immich's extensions made by the superuser. */
async function nonSuperuserDatabase() {
  const created = await createEmptyPostgresDatabase('zhparser rights');
  const role = `immich_lens_role_${randomBytes(4).toString('hex')}`;
  await created.admin.query(`create role ${role} login password 'lens'`);
  await created.admin.query(`alter database ${created.name} owner to ${role}`);
  const superuser = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: created.url, max: 1 }) }) });
  for (const ext of ['vector', 'pg_trgm', 'unaccent']) await sql.raw(`create extension if not exists ${ext}`).execute(superuser);
  const url = new URL(created.url);
  url.username = role;
  url.password = 'lens';
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: url.toString(), max: 1 }) }) });
  return {
    db,
    superuser,
    async close() {
      await db.destroy();
      await superuser.destroy();
      await dropDatabase(created.admin, created.name);
      const admin = new Pool({ connectionString: created.url.replace(`/${created.name}`, '/postgres'), max: 1 });
      await admin.query(`drop role ${role}`);
      await admin.end();
    },
  };
}

describeWith('postgres')('creating extensions as a role that is not a superuser', () => {
  let t: Awaited<ReturnType<typeof nonSuperuserDatabase>>;
  beforeAll(async () => {
    t = await nonSuperuserDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Whether CREATE EXTENSION really works for this connection (in a transaction that is rolled back). */
  async function reallyCreates(db: Kysely<any>, name: string): Promise<boolean> {
    try {
      await db.transaction().execute(async (trx) => {
        await sql.raw(`create extension ${name}`).execute(trx);
        throw new Error('rollback');
      });
    } catch (error) {
      return (error as Error).message === 'rollback';
    }
    return false;
  }

  it('extensionRights predicts what PostgreSQL allows: trusted extensions for the database owner, the others for superusers only', async () => {
    // pg_trgm and tablefunc are trusted, postgres_fdw and pageinspect are not (PostgreSQL contrib)
    for (const name of ['tablefunc', 'postgres_fdw', 'pageinspect', 'zhparser']) {
      for (const db of [t.db, t.superuser]) {
        const rights = await extensionRights(db, name);
        if (!rights.available) continue;
        expect({ name, superuser: rights.superuser, creatable: rights.creatable }).toEqual({ name, superuser: rights.superuser, creatable: await reallyCreates(db, name) });
      }
    }
    expect(await extensionRights(t.db, 'tablefunc')).toMatchObject({ available: true, trusted: true, superuser: false, creatable: true });
    expect(await extensionRights(t.db, 'postgres_fdw')).toMatchObject({ available: true, trusted: false, superuser: false, creatable: false });
    expect(await extensionRights(t.superuser, 'postgres_fdw')).toMatchObject({ superuser: true, creatable: true });
    expect(await extensionRights(t.db, 'no_such_extension')).toMatchObject({ available: false, creatable: false });
  });

  it('the ImmichLens migration, in the one transaction with Immich\'s other pending migrations, succeeds; without zhparser it logs nothing', async () => {
    await applyStandaloneBaseSchema(t.db); // Immich's tables, owned by the role as in Immich
    const lines: string[] = [];
    await t.db.transaction().execute(async (trx) => {
      await sql`create table another_pending_migration (id int)`.execute(trx);
      await immichLensUp(trx, { log: (line) => lines.push(line) });
    });
    expect((await sql<{ t: string | null }>`select to_regclass('another_pending_migration')::text as t`.execute(t.db)).rows[0].t).not.toBeNull();
    expect((await sql<{ t: string | null }>`select to_regclass('lens_ocr_search')::text as t`.execute(t.db)).rows[0].t).not.toBeNull();
    if (!(await zhparserAvailable(t.db))) expect(lines).toEqual([]);
  });

  itWith('zhparser')('where zhparser is installed, the migration run by a role that may not create it logs one line instead', async () => {
    await applyStandaloneBaseSchema(t.db);
    const lines: string[] = [];
    await t.db.transaction().execute(async (trx) => immichLensUp(trx, { log: (line) => lines.push(line) }));
    expect(lines).toEqual([expect.stringMatching(/^ImmichLens: zhparser is installed but role "immich_lens_role_\w+" may not create it \(not a superuser; zhparser is not a trusted extension\): no `chinese` text search configuration/)]);
    expect((await sql<{ n: number }>`select count(*)::int as n from pg_extension where extname = 'zhparser'`.execute(t.db)).rows[0].n).toBe(0);
  });

  itWith('zhparser')('a zhparser setup that fails for another reason is undone alone (savepoint), logged, and the migration goes on', async () => {
    // something in the way of the extension's script: a function of the same signature, made by the superuser
    await sql`create function zhprs_start(internal, int4) returns internal language internal strict as 'int4in'`.execute(t.superuser);
    const lines: string[] = [];
    await t.superuser.transaction().execute(async (trx) => {
      await sql`create table yet_another_migration (id int)`.execute(trx);
      await immichLensUp(trx, { log: (line) => lines.push(line) });
    });
    expect(lines).toEqual([expect.stringMatching(/^ImmichLens: zhparser could not be set up \(function "zhprs_start" already exists with same argument types\): no `chinese` text search configuration/)]);
    expect((await sql<{ t: string | null }>`select to_regclass('yet_another_migration')::text as t`.execute(t.db)).rows[0].t).not.toBeNull();
    await sql`drop function zhprs_start(internal, int4)`.execute(t.superuser);
  });
});
