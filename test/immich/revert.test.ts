/**
 * The way back to stock Immich, on real PostgreSQL: Immich's tables, its migration record and OCR
 * rows; kysely's Migrator runs the ImmichLens migration (schema + backfill) as Immich runs it, in one
 * transaction; scripts/immich/revert-to-stock.sh (psql + sql/immich-lens/down.sql) reverts; then the
 * catalog is what it was before immich-lens, Immich's rows are unchanged, and kysely's migration
 * check — the one that stops stock Immich with "corrupted migrations" — accepts the database.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migration, MigrationProvider, Migrator, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { immichLensUp, LENS_CLIP_MODEL_INFO, planLensSearch, searchLensAssetIds } from '../../server-module/immich';
import { accessFilter } from '../../server-module/search/asset-filter';
import { applyStandaloneBaseSchema, applyUpstreamOcrSearch } from '../../server-module/search/schema';
import { tokenizeForSearch } from '../../server-module/search/upstream';
import { createEmptyPostgresDatabase, dropDatabase } from '../search/db';
import { describeWith } from '../services';

const REVERT = join(__dirname, '../../scripts/immich/revert-to-stock.sh');
/** the first and the newest of Immich v3.1.0's migrations (server/src/schema/migrations at the pin) */
const STOCK_MIGRATIONS = ['1744910873969-InitialMigration', '1784836013770-MinFacePreferenceMigration'];
/** the migration patch 0006 adds */
const LENS_MIGRATION = '1785000000000-ImmichLens';

/** kysely's Migrator as Immich configures it (database.repository.ts: ordered, same table names). */
function migrator(db: Kysely<any>, migrations: Record<string, Migration>): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  return new Migrator({ db, provider, migrationTableName: 'kysely_migrations', migrationLockTableName: 'kysely_migrations_lock' });
}
const noop: Migration = { up: async () => {} };
const stock = Object.fromEntries(STOCK_MIGRATIONS.map((name) => [name, noop]));

/** What a database holds that a migration could add: relations, functions, types, text search configurations, extensions. */
async function catalog(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ o: string }>`
    select 'rel ' || relname || ' ' || relkind::text as o from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = 'public'
    union all select 'fn ' || proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace where nspname = 'public'
    union all select 'type ' || typname from pg_type t join pg_namespace n on n.oid = t.typnamespace where nspname = 'public'
    union all select 'tsconfig ' || cfgname from pg_ts_config c join pg_namespace n on n.oid = c.cfgnamespace where nspname = 'public'
    union all select 'ext ' || extname || ' ' || extversion from pg_extension
    order by 1`.execute(db);
  return rows.map((r) => r.o);
}

/** Immich's rows, as text, in a stable order. */
async function immichRows(db: Kysely<any>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, order] of [
    ['asset', 'id'],
    ['asset_ocr', 'id'],
    ['ocr_search', '"assetId"'],
    ['smart_search', '"assetId"'],
    ['kysely_migrations', 'name'],
    ['system_metadata', 'key'],
  ]) {
    const { rows } = await sql<{ t: string | null }>`select string_agg(t::text, E'\n' order by t.o) as t from (select x::text as t, ${sql.raw(order)} as o from ${sql.table(table)} x) t`.execute(db);
    out[table] = rows[0].t ?? '';
  }
  return out;
}

describeWith('postgres')('back to stock Immich (scripts/immich/revert-to-stock.sh)', () => {
  let created: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
  let db: Kysely<any>;
  const owner = randomUUID();
  const assets: string[] = [];

  beforeAll(async () => {
    created = await createEmptyPostgresDatabase('revert');
    db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: created.url, max: 2 }) }) });
    await applyStandaloneBaseSchema(db); // Immich's own tables (the subset immich-lens reads)
    await applyUpstreamOcrSearch(db);
    await sql`create table system_metadata ("key" character varying primary key, "value" jsonb not null)`.execute(db);
    await sql`insert into system_metadata values ('system-config', '{"machineLearning": {"ocr": {"minDetectionScore": 0.4}}}')`.execute(db);
    // stock Immich has run its migrations: kysely's tables and records
    expect((await migrator(db, stock).migrateToLatest()).error).toBeUndefined();
    const texts = [['增值税专用发票', 'No. 12345678'], ['今日菜单 红烧肉'], ['停车票 RE16 TGK', '合计 100.00']];
    for (const lines of texts) {
      const id = randomUUID();
      assets.push(id);
      await db.insertInto('asset').values({ id, ownerId: owner, originalPath: `/data/${id}.jpg` }).execute();
      for (const [i, text] of lines.entries()) {
        const y = 0.1 + i * 0.2;
        await db
          .insertInto('asset_ocr')
          .values({ assetId: id, text, x1: 0.1, y1: y, x2: 0.9, y2: y, x3: 0.9, y3: y + 0.05, x4: 0.1, y4: y + 0.05, boxScore: 0.9, textScore: 0.9 })
          .execute();
      }
      await db.insertInto('ocr_search').values({ assetId: id, text: tokenizeForSearch(lines.join(' ')) }).execute();
      await sql`insert into smart_search values (${id}, ${`[${Array.from({ length: 512 }, (_, k) => ((k % 7) - 3) / 10).join(',')}]`}::vector)`.execute(db);
    }
  });

  afterAll(async () => {
    await db?.destroy();
    if (created) await dropDatabase(created.admin, created.name);
  });

  const revert = () => execFileSync(REVERT, [created!.url], { encoding: 'utf8' });
  const search = (q: string) => searchLensAssetIds(db, planLensSearch(q, false)!, accessFilter({ userIds: [owner] }), { page: 1, size: 10 });

  it('migrate (schema + backfill), revert: nothing of immich-lens is left, Immich\'s rows are unchanged, stock migrations accept the database', async () => {
    const before = await catalog(db);
    const rowsBefore = await immichRows(db);
    const lines: string[] = [];
    const withLens = migrator(db, { ...stock, [LENS_MIGRATION]: { up: (trx) => immichLensUp(trx, { log: (l) => lines.push(l), batchSize: 2, progressEveryMs: 0 }) } });
    expect((await withLens.migrateToLatest()).error).toBeUndefined();
    expect((await search('ocr:发票')).assetIds).toEqual([assets[0]]); // the backfill indexed what Immich had read
    expect((await search('ocr:"合计 100"')).assetIds).toEqual([assets[2]]);
    expect(lines).toEqual([
      'ImmichLens: indexing the OCR text of 3 assets Immich has already read',
      'ImmichLens: indexed 2 / 3 assets (67 %)',
      expect.stringMatching(/^ImmichLens: indexed the OCR text of 3 assets in \d+\.\d s$/),
    ]);
    expect(await catalog(db)).not.toEqual(before);
    // what stops stock Immich: a recorded migration it does not have
    const { error } = await migrator(db, stock).migrateToLatest();
    expect(String(error)).toContain(`corrupted migrations: previously executed migration ${LENS_MIGRATION} is missing`);

    expect(revert()).toContain('stock Immich v3.1.0 can start on this database');
    expect(await catalog(db)).toEqual(before);
    expect(await immichRows(db)).toEqual(rowsBefore);
    expect(await migrator(db, stock).migrateToLatest()).toEqual({ results: [] });
    expect(revert()).toContain('immich-lens removed'); // idempotent: a second run finds nothing and does not fail
    expect(await catalog(db)).toEqual(before);
  });

  it('a Chinese-CLIP model in the system config goes back to Immich\'s default, with the embeddings it made; other settings stay', async () => {
    const model = Object.keys(LENS_CLIP_MODEL_INFO)[0];
    await sql`update system_metadata set value = jsonb_set(value, '{machineLearning,clip}', ${JSON.stringify({ modelName: model, enabled: true })}::jsonb) where key = 'system-config'`.execute(db);
    await migrator(db, { ...stock, [LENS_MIGRATION]: { up: (trx) => immichLensUp(trx) } }).migrateToLatest();
    revert();
    const { rows } = await sql<{ value: unknown }>`select value from system_metadata where key = 'system-config'`.execute(db);
    expect(rows[0].value).toEqual({ machineLearning: { ocr: { minDetectionScore: 0.4 }, clip: { enabled: true } } });
    expect((await sql<{ n: number }>`select count(*)::int as n from smart_search`.execute(db)).rows[0].n).toBe(0);
    expect((await sql<{ n: number }>`select count(*)::int as n from asset_ocr`.execute(db)).rows[0].n).toBe(5);
  });

  it('down.sql forgets the migration patch 0006 adds, under its file name', () => {
    const patch = readFileSync(join(__dirname, '../../patches/immich/0006-server-migration-clip-models.patch'), 'utf8');
    expect(patch).toContain(`+++ b/server/src/schema/migrations/${LENS_MIGRATION}.ts`);
    expect(readFileSync(join(__dirname, '../../sql/immich-lens/down.sql'), 'utf8')).toContain(`DELETE FROM kysely_migrations WHERE name = '${LENS_MIGRATION}'`);
  });

  it('every model name immich-lens adds is one the revert recognises (cn-clip-*)', () => {
    expect(Object.keys(LENS_CLIP_MODEL_INFO).length).toBeGreaterThan(0);
    for (const name of Object.keys(LENS_CLIP_MODEL_INFO)) expect(name).toMatch(/^cn-clip-/);
  });
});
