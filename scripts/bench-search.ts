/**
 * OCR search benchmark: immich-lens (RUM and GIN-only paths; `ocr:` alone and with two of Immich's
 * filters, favourites + a date range, applied before ranking; Immich's OCR search mode by date) vs
 * upstream Immich's method (bigram tokenizeForSearch + gin_trgm_ops + %>>, date order; alone and with
 * the same two filters) vs ILIKE '%q%' with a trigram GIN index, on the same generated corpus, in the
 * same run. Usage:
 *   npm run bench:search -- --sizes 100000,1000000 [--queries 40] [--url postgres://…] [--ef-construction 300]
 *     [--hybrid false]   skip the CLIP HNSW build and the hybrid queries (fast OCR-only iterations)
 *     [--database NAME]  the database to build (default immich_lens_bench_<size>), e.g. one of its own beside another run
 *     [--keep true]      keep the database; [--reuse true] then skips loading it and rebuilding its indexes
 *                        (unless its tsvectors were made by another segmenter)
 *     [--page-size 100]  results per query, for every method (Immich's smart search page); quality is measured @10
 *     [--passes 1]       timed passes over the queries (latencies of all passes are pooled)
 *     [--methods rum,gin,gin-filtered,gin-filtered-lookup,ocr-mode,ocr-mode-date,upstream,upstream-filtered,ilike]  a subset of the systems (all by default)
 *     [--debug true]     print the immich-lens queries with nDCG < 1; [--slow N] the N slowest queries per method (best of the passes)
 * The corpus, asset ids and queries are a function of the size alone, so runs compare and --reuse works.
 */
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { normalizeText } from '../server-module/ocr-text/normalize';
import { accessFilter, AssetFilter } from '../server-module/search/asset-filter';
import { planOcrModeSearch } from '../server-module/search/plan';
import { parseSearchQuery } from '../server-module/search/query';
import { LensSearchRepository } from '../server-module/search/repository';
import { applyLensMigration, applyStandaloneBaseSchema, applyUpstreamOcrSearch, readSql, rumAvailable } from '../server-module/search/schema';
import { toTsvectorText } from '../server-module/search/segment';
import { LensDatabase } from '../server-module/search/types';
import { tokenizeForSearch } from '../server-module/search/upstream';
import { CorpusGenerator, prng, QUERY_KINDS, QueryKind } from './bench-search-corpus';
import { explainSent, recordingDb } from './bench-sent-queries';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const SIZES = (args.get('sizes') ?? '100000').split(',').map(Number);
const QUERIES_PER_KIND = Number(args.get('queries') ?? 40);
const BASE_URL = args.get('url') ?? process.env.IMMICH_LENS_TEST_PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const EF_CONSTRUCTION = Number(args.get('ef-construction') ?? 300);
const HYBRID_QUERIES = Number(args.get('hybrid-queries') ?? 100);
const HYBRID = args.get('hybrid') !== 'false';
const REUSE = args.get('reuse') === 'true';
const PASSES = Number(args.get('passes') ?? 1);
const SLOW = Number(args.get('slow') ?? 0);
// Immich's page: its web asks smart search for pages of 100 (SearchService: `dto.size || 100`); nDCG etc. are @10 of it
const PAGE_SIZE = Number(args.get('page-size') ?? 100);
const DIM = 512;
const BATCH = 5000;

type Method =
  | 'immich-lens (RUM)'
  | 'immich-lens (GIN only)'
  | 'immich-lens + 2 filters'
  | 'immich-lens + 2 filters, lookups'
  | 'immich-lens OCR mode'
  | 'immich-lens OCR mode, by date'
  | 'upstream %>>'
  | 'upstream %>> + 2 filters'
  | 'ILIKE trigram';
const METHOD_KEYS: Record<string, Method> = {
  rum: 'immich-lens (RUM)',
  gin: 'immich-lens (GIN only)',
  'gin-filtered': 'immich-lens + 2 filters',
  'gin-filtered-lookup': 'immich-lens + 2 filters, lookups',
  'ocr-mode': 'immich-lens OCR mode',
  'ocr-mode-date': 'immich-lens OCR mode, by date',
  upstream: 'upstream %>>',
  'upstream-filtered': 'upstream %>> + 2 filters',
  ilike: 'ILIKE trigram',
};
const ALL_METHODS = Object.values(METHOD_KEYS);
/** The two filters of the filtered methods: favourites (10 % of the library) taken in 2019–2020 (2 of its 10 years). */
const FAVOURITE_SHARE = 0.1;
const TAKEN_AFTER = new Date('2019-01-01T00:00:00Z');
const TAKEN_BEFORE = new Date('2020-12-31T23:59:59Z');
const METHODS: Method[] = args.has('methods') ? args.get('methods')!.split(',').map((key) => METHOD_KEYS[key]) : [...ALL_METHODS];

interface Query {
  kind: QueryKind;
  text: string;
  relevant: Set<number>;
  /** the relevant documents that pass the two filters */
  relevantFiltered: Set<number>;
}

const log = (...parts: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);

async function main() {
  for (const size of SIZES) await benchmark(size);
}

async function benchmark(size: number) {
  const name = args.get('database') ?? `immich_lens_bench_${size}`;
  const admin = new Pool({ connectionString: BASE_URL, max: 1 });
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  let reuse = false;
  if (REUSE) {
    const exists = await admin.query(`select 1 from pg_database where datname = $1`, [name]);
    if (exists.rowCount) {
      const probe = new Pool({ connectionString: url.toString(), max: 1 });
      const count = await probe.query(`select count(*)::int as n from bench_raw`).catch(() => ({ rows: [{ n: -1 }] }));
      reuse = count.rows[0].n === size;
      if (reuse) {
        // the stored tsvectors must be what the current segmenter makes, or the database is stale
        const sample = await probe.query<{ id: string; text: string }>(`select "assetId" as id, text from bench_raw order by "assetId" limit 200`);
        const stale = await probe.query(
          `select count(*)::int as n from unnest($1::uuid[], $2::text[]) as t(id, tsv) join lens_ocr_search l on l."assetId" = t.id where l.tsv is distinct from t.tsv::tsvector`,
          [sample.rows.map((r) => r.id), sample.rows.map((r) => toTsvectorText(r.text))],
        );
        reuse = stale.rows[0].n === 0;
        if (!reuse) log(`the tsvectors in ${name} were made by another segmenter`);
      }
      await probe.end();
    }
    if (!reuse) log(`no complete database ${name} to reuse: building it`);
  }
  if (!reuse) {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name} LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`);
  }
  const pool = new Pool({ connectionString: url.toString(), max: 2 });
  // pool.end() resolves before its sockets close; the forced drop below may end them (57P01)
  pool.on('error', () => undefined);
  const db = new Kysely<LensDatabase>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (!reuse) {
      await applyStandaloneBaseSchema(db);
      await applyUpstreamOcrSearch(db);
      await applyLensMigration(db);
      await sql.raw(`
        drop index idx_ocr_search_text; drop index clip_index; drop index lens_ocr_search_tsv_idx;
        drop index if exists lens_ocr_search_tsv_rum_idx;
        create table bench_raw ("assetId" uuid primary key references asset(id), text text not null);`).execute(db);
    }

    log(`size ${size}: generating ${reuse ? 'the corpus (reusing the loaded database)' : 'and loading the corpus'}`);
    const { ids, cleanTexts, queries, me } = await load(reuse ? null : db, size);
    if (HYBRID) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from smart_search`.execute(db);
      if (rows[0].n < size) {
        log('  embeddings');
        await sql`insert into smart_search select a.id, (select array_agg(random() - 0.5)::real[]::vector from generate_series(1, ${DIM}) where a.id is not null) from asset a on conflict do nothing`.execute(db);
      }
    }

    if (METHODS.includes('immich-lens (RUM)') && !(await rumAvailable(db))) {
      log('no rum extension on this server (Debian: postgresql-15-rum): the RUM path is left out');
      METHODS.splice(METHODS.indexOf('immich-lens (RUM)'), 1);
    }
    const builds: Array<[string, string, string]> = [
      ['lens GIN', 'lens_ocr_search_tsv_idx', 'create index lens_ocr_search_tsv_idx on lens_ocr_search using gin (tsv)'],
      ...(METHODS.includes('immich-lens (RUM)')
        ? [['lens RUM', 'lens_ocr_search_tsv_rum_idx', readSql('immich-lens/rum.sql')] as [string, string, string]]
        : []),
      ['upstream trigram', 'idx_ocr_search_text', 'create index idx_ocr_search_text on ocr_search using gin (f_unaccent(text) gin_trgm_ops)'],
      ['ILIKE trigram', 'bench_raw_trgm_idx', 'create index bench_raw_trgm_idx on bench_raw using gin (text gin_trgm_ops)'],
      ...(HYBRID
        ? [['CLIP HNSW', 'clip_index', `create index clip_index on smart_search using hnsw (embedding vector_cosine_ops) with (ef_construction = ${EF_CONSTRUCTION}, m = 16)`] as [string, string, string]]
        : []),
    ];
    const indexRows: string[] = [];
    for (const [label, index, ddl] of builds) {
      const { rows: present } = await sql<{ n: number }>`select count(*)::int as n from pg_indexes where indexname = ${index}`.execute(db);
      let time = 'kept';
      if (present[0].n === 0) {
        log(`building ${label}`);
        const started = performance.now();
        await sql.raw(`set maintenance_work_mem = '4GB'; set max_parallel_maintenance_workers = 1; ${ddl}`).execute(db);
        time = `${((performance.now() - started) / 1000).toFixed(1)} s`;
      }
      const { rows } = await sql<{ size: string }>`select pg_size_pretty(pg_relation_size(${index}::regclass)) as size`.execute(db);
      indexRows.push(`| ${label} | ${time} | ${rows[0].size} |`);
    }
    await sql`vacuum analyze`.execute(db);

    const lensRum = new LensSearchRepository(db);
    const lensGin = new LensSearchRepository(db, { useRum: false });
    // the filter checked by a lookup per candidate whatever it is (candidateCheck 'auto' may read its assets as a set)
    const lensGinLookup = new LensSearchRepository(db, { useRum: false, candidateCheck: 'lookup' });
    const terms = (q: string) => parseSearchQuery(`ocr:"${q}"`).ocrTerms;
    // what Immich's searchAssetBuilderLegacy makes of {isFavorite: true, takenAfter, takenBefore}
    const twoFilters: AssetFilter = (kysely) =>
      accessFilter({ userIds: [me], takenAfter: TAKEN_AFTER, takenBefore: TAKEN_BEFORE })(kysely).where(sql<boolean>`asset."isFavorite"`);
    const idsOf = (page: { items: Array<{ assetId: string }> }) => page.items.map((i) => i.assetId);
    const run: Record<Method, (q: string) => Promise<string[]>> = {
      'immich-lens (RUM)': async (q) => idsOf(await lensRum.searchOcr({ ocrTerms: terms(q), userIds: [me], size: PAGE_SIZE })),
      'immich-lens (GIN only)': async (q) => idsOf(await lensGin.searchOcr({ ocrTerms: terms(q), userIds: [me], size: PAGE_SIZE })),
      'immich-lens + 2 filters': async (q) => idsOf(await lensGin.searchOcr({ ocrTerms: terms(q), assets: twoFilters, size: PAGE_SIZE })),
      'immich-lens + 2 filters, lookups': async (q) => idsOf(await lensGinLookup.searchOcr({ ocrTerms: terms(q), assets: twoFilters, size: PAGE_SIZE })),
      // Immich's OCR search type and the mobile app: the text as typed (its words AND'ed), by relevance; newest first when an order is sent
      'immich-lens OCR mode': async (q) => idsOf(await lensGin.searchOcr({ ocrTerms: planOcrModeSearch(q).query.ocrTerms, userIds: [me], size: PAGE_SIZE })),
      'immich-lens OCR mode, by date': async (q) =>
        idsOf(await lensGin.searchOcr({ ocrTerms: planOcrModeSearch(q).query.ocrTerms, userIds: [me], order: 'desc', size: PAGE_SIZE })),
      'upstream %>>': async (q) => (await upstreamQuery(q, me).execute(db)).rows.map((r) => r.id),
      'upstream %>> + 2 filters': async (q) => (await upstreamQuery(q, me, true).execute(db)).rows.map((r) => r.id),
      'ILIKE trigram': async (q) => (await ilikeQuery(q, me).execute(db)).rows.map((r) => r.id),
    };

    const indexOf = new Map(ids.map((id, i) => [id, i]));
    const results: Record<string, { latencies: number[]; perKind: Record<string, number[][]> }> = {};
    for (const method of METHODS) {
      if (method === 'immich-lens (GIN only)') {
        // measure the path Immich's own Postgres image has: no RUM index at all
        await sql`drop index if exists lens_ocr_search_tsv_rum_idx`.execute(db);
        await sql`analyze lens_ocr_search`.execute(db);
      }
      log(`querying ${method}`);
      for (const q of queries) await run[method](q.text); // warm-up pass
      const latencies: number[] = [];
      const perKind: Record<string, number[][]> = {};
      const timed: Array<[number, Query]> = [];
      for (let pass = 0; pass < PASSES; pass++) {
        for (const q of queries) {
          const started = performance.now();
          const top = await run[method](q.text);
          const ms = performance.now() - started;
          latencies.push(ms);
          timed.push([ms, q]);
          if (pass > 0) continue;
          const relevant = method.includes('2 filters') ? q.relevantFiltered : q.relevant;
          const m = metrics(top.map((id) => indexOf.get(id)!), relevant);
          (perKind[q.kind] ??= []).push(m);
          if (args.get('debug') === 'true' && method.startsWith('immich-lens') && m[0] < 1) {
            const wrong = top.map((id) => indexOf.get(id)!).filter((i) => !q.relevant.has(i)).slice(0, 2);
            console.log(`  ${q.kind} "${q.text}" nDCG ${m[0].toFixed(2)} relevant ${q.relevant.size}; false hits:`, wrong.map((i) => cleanTexts[i]));
            if (q.relevant.size <= 10) {
              // the stored (possibly OCR-noised) text of the relevant documents that were not found
              const found = new Set(top);
              const missed = [...q.relevant].map((i) => ids[i]).filter((id) => !found.has(id));
              const { rows } = await sql<{ text: string }>`select text from bench_raw where "assetId" = any(${missed}::uuid[])`.execute(db);
              console.log('    missed, as stored:', rows.map((r) => r.text.split('\n').find((line) => /\S/.test(line) && normalizeText(line).replace(/\s/g, '').includes(normalizeText(q.text).replace(/\s/g, '').slice(0, 2))) ?? r.text));
            }
          }
        }
      }
      if (SLOW > 0) {
        // the fastest of the passes per query: what the query costs without the machine's noise
        const best = new Map<Query, number>();
        for (const [ms, q] of timed) best.set(q, Math.min(ms, best.get(q) ?? Infinity));
        const sorted = [...best].sort((a, b) => b[1] - a[1]);
        console.log(`  p95 of the per-query best of ${PASSES}: ${pct([...best.values()], 95).toFixed(1)} ms`);
        for (const [q, ms] of sorted.slice(0, SLOW)) {
          console.log(`  slow: ${ms.toFixed(1)} ms ${q.kind} ${JSON.stringify(q.text)} (${q.relevant.size} relevant)`);
        }
      }
      results[method] = { latencies, perKind };
    }

    const hybridLatencies: number[] = [];
    if (HYBRID) {
      log('hybrid queries');
      const rand = prng(size + 7);
      const hybridQueries = Array.from({ length: HYBRID_QUERIES }, (_, i) => ({ freeText: queries[i % queries.length].text, embedding: randomVector(rand), userIds: [me], size: PAGE_SIZE }));
      // a warm-up pass over the same queries, as for the OCR methods above: the timed pass measures a
      // warm index, not the first touch of HNSW pages that the VM's memory reclaim sent back to disk
      for (const options of hybridQueries) await lensGin.searchHybrid(options);
      for (let pass = 0; pass < PASSES; pass++) {
        for (const options of hybridQueries) {
          const started = performance.now();
          await lensGin.searchHybrid(options);
          hybridLatencies.push(performance.now() - started);
        }
      }
    }

    // report
    const lines: string[] = [];
    lines.push(`\n## OCR search benchmark, ${size.toLocaleString('en')} documents, ${queries.length} queries (${QUERIES_PER_KIND} per kind)\n`);
    lines.push('nDCG@10 / recall@10 / precision@10 per query kind (recall over min(10, relevant); precision over returned;');
    lines.push(`"+ 2 filters": favourites (${FAVOURITE_SHARE * 100} % of the library) taken ${TAKEN_AFTER.toISOString().slice(0, 10)}..${TAKEN_BEFORE.toISOString().slice(0, 10)}, relevant = the matches among them; upstream, ILIKE and "by date" list matches newest first):\n`);
    lines.push(`| method | ${QUERY_KINDS.join(' | ')} | all |`);
    lines.push(`|---|${QUERY_KINDS.map(() => '---').join('|')}|---|`);
    for (const method of METHODS) {
      const cells = QUERY_KINDS.map((kind) => fmt(mean(results[method].perKind[kind] ?? [])));
      const all = mean(Object.values(results[method].perKind).flat());
      lines.push(`| ${method} | ${cells.join(' | ')} | ${fmt(all)} |`);
    }
    lines.push(`\nLatency (ms, end to end from Node, warm, pages of ${PAGE_SIZE}; ${PASSES} timed pass${PASSES > 1 ? 'es' : ''} over the queries):\n`);
    lines.push('| method | p50 | p95 | max |');
    lines.push('|---|---|---|---|');
    for (const method of METHODS) {
      const l = results[method].latencies;
      lines.push(`| ${method} | ${pct(l, 50).toFixed(1)} | ${pct(l, 95).toFixed(1)} | ${Math.max(...l).toFixed(1)} |`);
    }
    if (HYBRID) {
      lines.push(`| hybrid (CLIP HNSW top-100 + OCR top-100, RRF) | ${pct(hybridLatencies, 50).toFixed(1)} | ${pct(hybridLatencies, 95).toFixed(1)} | ${Math.max(...hybridLatencies).toFixed(1)} |`);
    }
    lines.push('\nIndexes:\n');
    lines.push('| index | build time | size |');
    lines.push('|---|---|---|');
    lines.push(...indexRows);
    console.log(lines.join('\n'));

    const frequent = [...queries].filter((q) => q.kind === 'cjk-word').sort((a, b) => b.relevant.size - a.relevant.size)[0];
    console.log(`\nEXPLAIN ANALYZE for the most frequent word query "${frequent.text}" (${frequent.relevant.size} relevant docs):`);
    // the statements the public search methods send, recorded and explained
    const recording = recordingDb(db);
    const recorded = new LensSearchRepository(recording.db, { useRum: false });
    await recorded.searchOcr({ ocrTerms: terms(frequent.text), userIds: [me], size: PAGE_SIZE });
    printPlan('immich-lens (GIN only; RUM index dropped above)', await explainSent(db, recording.sent[0], 'analyze'));
    const two = queries.find((q) => q.kind === 'cjk-word' && Array.from(q.text).length === 2)!;
    for (const [label, query] of [['upstream %>>', upstreamQuery(frequent.text, me)], ['ILIKE trigram ("' + two.text + '")', ilikeQuery(two.text, me)]] as const) {
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain analyze ${query}`.execute(db);
      printPlan(label, rows.map((r) => r['QUERY PLAN']));
    }
    const hybridOptions = { freeText: frequent.text, embedding: randomVector(prng(1)), userIds: [me], size: PAGE_SIZE };
    if (HYBRID) {
      recording.sent.length = 0;
      await recorded.searchHybrid(hybridOptions);
      await db.transaction().execute(async (trx) => {
        await sql`set local hnsw.ef_search = 100`.execute(trx);
        await sql`set local hnsw.iterative_scan = relaxed_order`.execute(trx);
        printPlan('hybrid', (await explainSent(trx, recording.sent[0], 'analyze')).map((line) => line.replace(/'\[[^\]]*\]'/g, "'[…]'")));
      });
    }
    void cleanTexts;
  } finally {
    await db.destroy();
    if (args.get('keep') !== 'true') await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** Immich's searchMetadata with `ocr` (and with {isFavorite, takenAfter, takenBefore} when filtered). */
function upstreamQuery(q: string, me: string, filtered = false) {
  const tokens = tokenizeForSearch(q).join(' ');
  const filters = filtered ? sql`and asset."isFavorite" and asset."fileCreatedAt" >= ${TAKEN_AFTER} and asset."fileCreatedAt" <= ${TAKEN_BEFORE}` : sql``;
  return sql<{ id: string }>`select asset.id from asset join ocr_search on ocr_search."assetId" = asset.id
    where asset."ownerId" = ${me} and asset.visibility != 'locked' and asset."deletedAt" is null ${filters}
      and f_unaccent(ocr_search.text) %>> f_unaccent(${tokens})
    order by asset."fileCreatedAt" desc, asset.id desc limit ${PAGE_SIZE}`;
}

function ilikeQuery(q: string, me: string) {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<{ id: string }>`select asset.id from asset join bench_raw on bench_raw."assetId" = asset.id
    where asset."ownerId" = ${me} and asset.visibility != 'locked' and asset."deletedAt" is null
      and bench_raw.text ilike ${pattern}
    order by asset."fileCreatedAt" desc limit ${PAGE_SIZE}`;
}

function printPlan(label: string, plan: string[]) {
  console.log(`\n-- ${label}`);
  for (const line of plan) if (/Scan|Index|Limit|Execution Time|Sort|Order By|Nested Loop/.test(line)) console.log(line);
}

/** Generates the corpus of `size` documents and its queries; loads it into `db` unless null (--reuse). */
async function load(db: Kysely<LensDatabase> | null, size: number) {
  const rand = prng(size);
  const generator = new CorpusGenerator(rand);
  const idRand = prng(size ^ 0x5eed);
  const me = seededUuid(idRand);
  const other = seededUuid(idRand);
  const ids: string[] = [];
  const cleanTexts: string[] = [];
  const mine: boolean[] = [];
  const passesFilters: boolean[] = [];
  const seedsByKind = new Map<QueryKind, string[]>();
  const started = performance.now();
  for (let offset = 0; offset < size; offset += BATCH) {
    const n = Math.min(BATCH, size - offset);
    const batch = { id: [] as string[], owner: [] as string[], date: [] as string[], favourite: [] as boolean[], stored: [] as string[], tsv: [] as string[], upstream: [] as string[] };
    for (let i = 0; i < n; i++) {
      const doc = generator.doc();
      const id = seededUuid(idRand);
      const isMine = rand() < 0.9;
      ids.push(id);
      cleanTexts.push(normalizeText(doc.clean));
      mine.push(isMine);
      if (isMine && rand() < 0.02) {
        for (const [kind, seeds] of Object.entries(doc.seeds)) {
          (seedsByKind.get(kind as QueryKind) ?? seedsByKind.set(kind as QueryKind, []).get(kind as QueryKind)!).push(pick(seeds!, rand));
        }
      }
      batch.id.push(id);
      batch.owner.push(isMine ? me : other);
      const date = new Date(Date.UTC(2015, 0, 1) + Math.floor(rand() * 10 * 365 * 86400e3));
      const favourite = rand() < FAVOURITE_SHARE;
      batch.date.push(date.toISOString());
      batch.favourite.push(favourite);
      passesFilters.push(isMine && favourite && date >= TAKEN_AFTER && date <= TAKEN_BEFORE);
      if (!db) continue;
      batch.stored.push(doc.stored);
      batch.tsv.push(toTsvectorText(doc.stored));
      batch.upstream.push(doc.stored.split('\n').flatMap((line) => tokenizeForSearch(line)).join(' '));
    }
    if (!db) continue;
    await sql`insert into asset (id, "ownerId", "originalPath", "fileCreatedAt", "localDateTime", "isFavorite")
      select id, owner, '/bench/' || id || '.jpg', date, date, favourite
      from unnest(${batch.id}::uuid[], ${batch.owner}::uuid[], ${batch.date}::timestamptz[], ${batch.favourite}::boolean[]) as t(id, owner, date, favourite)`.execute(db);
    await sql`insert into ocr_search select * from unnest(${batch.id}::uuid[], ${batch.upstream}::text[])`.execute(db);
    await sql`insert into lens_ocr_search select id, tsv::tsvector from unnest(${batch.id}::uuid[], ${batch.tsv}::text[]) as t(id, tsv)`.execute(db);
    await sql`insert into bench_raw select * from unnest(${batch.id}::uuid[], ${batch.stored}::text[])`.execute(db);
    if ((offset / BATCH) % 20 === 0) log(`  loaded ${offset + n}`);
  }
  log(`  corpus ${db ? 'loaded' : 'generated'} in ${((performance.now() - started) / 1000).toFixed(0)} s`);

  const queries: Query[] = [];
  for (const kind of QUERY_KINDS) {
    const seen = new Set<string>();
    for (const text of seedsByKind.get(kind) ?? []) {
      const normalized = normalizeText(text);
      if (seen.has(normalized)) continue;
      seen.add(normalized);
      const relevant = new Set<number>();
      for (let i = 0; i < cleanTexts.length; i++) if (mine[i] && cleanTexts[i].includes(normalized)) relevant.add(i);
      queries.push({ kind, text, relevant, relevantFiltered: new Set([...relevant].filter((i) => passesFilters[i])) });
      if (seen.size >= QUERIES_PER_KIND) break;
    }
  }
  log(`  ${queries.length} queries with ground truth`);
  return { ids, cleanTexts, queries, me };
}

/** A version-4 UUID from the seeded PRNG (the same size gives the same ids). */
function seededUuid(rand: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(rand() * 256));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function pick<T>(list: T[], rand: () => number): T {
  return list[Math.floor(rand() * list.length)];
}

function randomVector(rand: () => number): number[] {
  return Array.from({ length: DIM }, () => rand() - 0.5);
}

/** [nDCG@10, recall@10 (of min(10, relevant)), precision@10 (of returned)] with binary relevance. */
function metrics(top: number[], relevant: Set<number>): number[] {
  const hits = top.slice(0, 10).map((i) => (relevant.has(i) ? 1 : 0));
  const dcg = hits.reduce((sum: number, hit, rank) => sum + hit / Math.log2(rank + 2), 0);
  const ideal = Math.min(10, relevant.size);
  let idcg = 0;
  for (let rank = 0; rank < ideal; rank++) idcg += 1 / Math.log2(rank + 2);
  const found = hits.reduce((a: number, b) => a + b, 0);
  return [idcg === 0 ? 1 : dcg / idcg, ideal === 0 ? 1 : found / ideal, hits.length === 0 ? (ideal === 0 ? 1 : 0) : found / hits.length];
}

function mean(rows: number[][]): number[] {
  if (rows.length === 0) return [Number.NaN, Number.NaN, Number.NaN];
  return rows[0].map((_, c) => rows.reduce((s, r) => s + r[c], 0) / rows.length);
}

const fmt = (m: number[]) => m.map((v) => v.toFixed(2)).join(' / ');

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
