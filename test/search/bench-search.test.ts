import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { connectTestServer, PG_URL } from './db';

// npm run bench:search end to end on a small corpus: it must load, index, query and report every
// method on real Postgres. Quality is asserted (the nDCG@10 bar); latency is only printed.
const BENCH = resolve(__dirname, '../../dist/scripts/bench-search.js');
const SIZE = 3000;

describe('bench:search on a small corpus', () => {
  let output = '';
  let reachable = true;

  beforeAll(async () => {
    const admin = await connectTestServer('bench:search');
    reachable = admin !== null;
    await admin?.end();
    if (!reachable) return;
    const args = ['--sizes', String(SIZE), '--queries', '10', '--ef-construction', '32', '--hybrid-queries', '20', '--url', PG_URL];
    ({ stdout: output } = await promisify(execFile)(process.execPath, [BENCH, ...args], { maxBuffer: 1 << 24 }));
  }, 180_000);

  /** The nDCG@10 column of each query kind, for one method's row of the quality table. */
  const ndcg = (method: string) => {
    const row = output.split('\n').find((line) => line.startsWith(`| ${method} |`) && line.includes(' / '));
    if (!row) throw new Error(`no quality row for ${method} in:\n${output}`);
    return row.split('|').slice(2, -1).map((cell) => Number(cell.trim().split(' / ')[0]));
  };

  it('meets nDCG@10 ≥ 0.95 on every query kind with immich-lens, above upstream overall', () => {
    if (!reachable) return;
    const lens = ndcg('immich-lens (GIN only)');
    expect(lens).toHaveLength(6); // five kinds + all
    for (const value of lens) expect(value).toBeGreaterThanOrEqual(0.95);
    expect(lens[5]).toBeGreaterThan(ndcg('upstream %>>')[5]);
    if (output.includes('| immich-lens (RUM) |')) for (const value of ndcg('immich-lens (RUM)')) expect(value).toBeGreaterThanOrEqual(0.95);
  });

  it('reports latency for every method and the hybrid query, index sizes and plans that use the indexes', () => {
    if (!reachable) return;
    for (const row of ['immich-lens (GIN only)', 'upstream %>>', 'ILIKE trigram', 'hybrid (CLIP HNSW top-100 + OCR top-100, RRF)']) {
      expect(output).toMatch(new RegExp(`\\| ${row.replace(/[()+%>]/g, '\\$&')} \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\|`));
    }
    for (const index of ['lens GIN', 'upstream trigram', 'ILIKE trigram', 'CLIP HNSW']) expect(output).toMatch(new RegExp(`\\| ${index} \\| [\\d.]+ s \\| \\d+ [kMG]?B \\|`));
    expect(output).toMatch(/Bitmap Index Scan on lens_ocr_search_tsv_idx/);
    expect(output).toMatch(/Index Scan using clip_index/);
  });

  it('drops its database unless asked to keep it', async () => {
    if (!reachable) return;
    const admin = new Pool({ connectionString: PG_URL, max: 1 });
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [`immich_lens_bench_${SIZE}`]);
    await admin.end();
    expect(rowCount).toBe(0);
  });
});
