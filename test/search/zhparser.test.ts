import { sql } from 'kysely';
import { createPostgresDatabase, TestDatabase } from './db';

/**
 * zhparser/SCWS are not packaged for Debian: the migration creates the `chinese` text search
 * configuration only where the extension exists. Search itself always uses the jieba-built
 * tsvector (one segmenter for documents and queries), so its results do not depend on zhparser.
 */
describe('zhparser configuration (optional)', () => {
  let t: TestDatabase | null;
  let available = false;
  beforeAll(async () => {
    t = await createPostgresDatabase();
    if (!t) return;
    const { rows } = await sql<{ n: string }>`select count(*) as n from pg_available_extensions where name = 'zhparser'`.execute(t.db);
    available = Number(rows[0].n) > 0;
    if (!available) console.warn('zhparser is not installed on this PostgreSQL: skipping the zhparser configuration checks');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates the chinese configuration exactly when zhparser is available', async () => {
    if (!t) return;
    const { rows } = await sql<{ n: string }>`select count(*) as n from pg_ts_config where cfgname = 'chinese'`.execute(t.db);
    expect(Number(rows[0].n)).toBe(available ? 1 : 0);
    if (!available) return;
    const tsv = await sql<{ v: string }>`select to_tsvector('chinese', '增值税专用发票')::text as v`.execute(t.db);
    expect(tsv.rows[0].v).toContain('发票');
  });
});
