import { ExpressionBuilder, Kysely, QueryCreator, SelectQueryBuilder, sql } from 'kysely';
import { toVectorLiteral } from '../inference/clip/embedding';
import { confusableTermsTsquery, freeTextTsquery, OcrTsqueries, ocrTsqueries, SearchQuery, SearchQueryError } from './query';
import { bucketTsqueries } from './segment';
import { AssetFilter, assetFilterOf, SearchScope } from './asset-filter';
import { CandidateCheck, chooseCandidateCheck } from './candidate-check';
import { anyBucketTsquery } from './ocr-match';
import { LensDatabase } from './types';

export type { AccessFilterOptions, AssetFilter, SearchScope } from './asset-filter';

export interface PaginationOptions {
  /** 1-based, like Immich */
  page?: number;
  size?: number;
}

export type OcrSearchOptions = SearchScope &
  PaginationOptions & {
    ocrTerms: SearchQuery['ocrTerms'];
    /** the matches by date taken (Immich's `order`, newest first for 'desc') instead of by relevance */
    order?: 'asc' | 'desc';
  };

export type HybridSearchOptions = SearchScope &
  PaginationOptions &
  Partial<SearchQuery> & {
    /** CLIP embedding of freeText (vector literal or numbers) */
    embedding?: string | number[];
  };

export interface SearchItem {
  assetId: string;
  /** ts_rank_cd for OCR search, fused RRF score for hybrid search */
  score: number;
  ocrRank: number | null;
  ocrScore: number | null;
  clipRank: number | null;
  clipDistance: number | null;
}

export interface SearchPage {
  items: SearchItem[];
  nextPage: string | null;
}

export interface SearchRepositoryConfig {
  /**
   * `ocr:` search ranks the visible matches in consecutive windows of max(rankWindow, page size)
   * (rankWindow default 50): each window of the match stream (see ocrCandidates) is ordered by
   * ts_rank_cd then newest, so a page that fits in one window is ranked as a whole, a page costs
   * only the windows it overlaps (a frequent word never makes Postgres score every match), and
   * every match can still be paged to. Pages of one size are consistent.
   */
  rankWindow?: number;
  /** hybrid search with ocr: terms: the OCR matches (at most this many) that CLIP and RRF order (default 500) */
  maxCandidates?: number;
  /** CLIP and OCR list length for hybrid search (default 100; also the HNSW ef_search) */
  hybridTopK?: number;
  /**
   * use the RUM index when the database has one (default true; the index itself is opt-in,
   * sql/immich-lens/rum.sql); false forces the GIN-only path
   */
  useRum?: boolean;
  /**
   * date-ordered OCR search sorts a term's matches itself up to this many (default 10,000) and walks the
   * assets by date beyond. Either plan reads at most about sqrt(page end × library size) rows: 10,000
   * for Immich's pages of 100 in a library of a million
   */
  dateOrderSortLimit?: number;
  /** how OCR candidates are checked against the filter (default 'auto': chosen per search; see CandidateCheck) */
  candidateCheck?: CandidateCheck;
  /** reciprocal rank fusion constant (default 60) and the weights of the CLIP and OCR lists (default 1 each) */
  rrfK?: number;
  clipWeight?: number;
  ocrWeight?: number;
}

type Db = Kysely<LensDatabase>;


export class LensSearchRepository {
  private features?: Promise<{ rum: boolean; iterativeScan: boolean }>;
  private readonly rankWindow: number;
  private readonly maxCandidates: number;
  private readonly hybridTopK: number;
  private readonly useRum: boolean;
  private readonly fusion: { k: number; clipWeight: number; ocrWeight: number };
  private readonly dateOrderSortLimit: number;
  private readonly candidateCheck: CandidateCheck;

  constructor(
    private readonly db: Db,
    config: SearchRepositoryConfig = {},
  ) {
    this.rankWindow = config.rankWindow ?? 50;
    this.maxCandidates = config.maxCandidates ?? 500;
    this.dateOrderSortLimit = config.dateOrderSortLimit ?? 10_000;
    for (const [name, value] of Object.entries({ rankWindow: this.rankWindow, maxCandidates: this.maxCandidates, dateOrderSortLimit: this.dateOrderSortLimit })) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
    }
    this.hybridTopK = config.hybridTopK ?? 100;
    this.useRum = config.useRum ?? true;
    this.candidateCheck = config.candidateCheck ?? 'auto';
    this.fusion = { k: config.rrfK ?? 60, clipWeight: config.clipWeight ?? 1, ocrWeight: config.ocrWeight ?? 1 };
  }

  /** Which optional index features this database has (RUM index, pgvector ≥ 0.8 iterative scans). */
  getFeatures() {
    this.features ??= (async () => {
      const { rows } = await sql<{ rum: boolean; vector: string | null }>`
        select exists(select 1 from pg_indexes where indexname = 'lens_ocr_search_tsv_rum_idx') as rum,
               (select extversion from pg_extension where extname = 'vector') as vector`.execute(this.db);
      const [major, minor] = (rows[0].vector ?? '0.0').split('.').map(Number);
      return { rum: rows[0].rum && this.useRum, iterativeScan: major > 0 || minor >= 8 };
    })();
    this.features.catch(() => (this.features = undefined)); // retry on the next search
    return this.features;
  }

  /**
   * `ocr:` search: matches ranked by ts_rank_cd, then newest first, window by window (see
   * rankWindow). When nothing matches exactly, the matches that need one of OCR's usual confusions
   * per term (school → SCHOO1, PB03 → P803; see confusableTermsTsquery) are listed instead.
   */
  async searchOcr(options: OcrSearchOptions): Promise<SearchPage> {
    if (options.order) return this.searchOcrByDate({ ...options, order: options.order });
    const { page, size } = pagination(options);
    let rows = await (await this.ocrSearchQuery(options)).execute();
    if (rows.length === 0 && confusableTermsTsquery(options.ocrTerms)) {
      const none = page === 1 || (await (await this.ocrSearchQuery({ ...options, page: 1, size: 1 })).execute()).length === 0;
      if (none) rows = await (await this.ocrSearchQuery(options, 'confusable')).execute();
    }
    return toPage(
      rows.map((row) => ({
        assetId: row.assetId,
        score: row.ocrScore,
        ocrScore: row.ocrScore,
        ocrRank: Number(row.ocrRank),
        clipRank: null,
        clipDistance: null,
      })),
      page,
      size,
    );
  }

  /**
   * The query searchOcr runs (exposed for EXPLAIN in benchmarks and generated SQL): for the exact
   * matches, or for the matches that need an OCR confusion (null when no term has one).
   */
  async ocrSearchQuery(options: OcrSearchOptions, matches: 'exact' | 'confusable' = 'exact') {
    const { page, size } = pagination(options);
    const { rum } = await this.getFeatures();
    const query = ocrTsqueries(options.ocrTerms, matches);
    // the page's rows lie in the windows [start, end); one match more tells whether a next page exists
    const window = Math.max(this.rankWindow, size);
    const offset = (page - 1) * size;
    const start = Math.floor(offset / window) * window;
    const end = (Math.floor((offset + size - 1) / window) + 1) * window;
    const assets = assetFilterOf(options);
    const check = await chooseCandidateCheck(this.db, assets, end + 1, this.candidateCheck);
    return this.db
      .with((cte) => cte('candidates').materialized(), (db) =>
        db
          .selectFrom(this.ocrCandidates(query, assets, check, end - start + 1, rum, db, start).as('c'))
          .selectAll('c')
          // in the order the matches come (see ocrCandidates)
          .select(sql<number>`(row_number() over () - 1) / ${window}::int`.as('window')),
      )
      .selectFrom('candidates')
      .select(['candidates.assetId', 'candidates.ocrScore'])
      .select(
        sql<number>`${start}::int + row_number() over (order by "window", "ocrScore" desc, "fileCreatedAt" desc, "assetId")`.as('ocrRank'),
      )
      .orderBy('ocrRank')
      .limit(size + 1)
      .offset(offset - start);
  }

  /**
   * The matches in date order (Immich's `ORDER BY fileCreatedAt, id` in the requested direction), by
   * the cheaper of two plans, chosen by counting rather than by the planner's estimate of a tsquery's
   * selectivity (off by a hundred times for rare numbers): up to dateOrderSortLimit matches are
   * read from the index and sorted; a term with more matches is in enough documents that walking the
   * assets by date (asset_fileCreatedAt_idx) finds a page of them after a bounded number of checks.
   */
  private async searchOcrByDate(options: OcrSearchOptions & { order: 'asc' | 'desc' }): Promise<SearchPage> {
    const { page, size } = pagination(options);
    let rows = await this.matchesByDate(options, 'exact');
    if (rows.length === 0 && confusableTermsTsquery(options.ocrTerms)) {
      const none = page === 1 || (await this.matchesByDate({ ...options, page: 1, size: 1 }, 'exact')).length === 0;
      if (none) rows = await this.matchesByDate(options, 'confusable');
    }
    const offset = (page - 1) * size;
    return toPage(
      rows.map((row, i) => ({ assetId: row.assetId, score: row.ocrScore, ocrScore: row.ocrScore, ocrRank: offset + i + 1, clipRank: null, clipDistance: null })),
      page,
      size,
    );
  }

  /** The page's matches (and one more) in date order, by the plan searchOcrByDate describes. */
  private async matchesByDate(options: OcrSearchOptions & { order: 'asc' | 'desc' }, matches: 'exact' | 'confusable') {
    const { page, size } = pagination(options);
    const { rum } = await this.getFeatures();
    const assets = assetFilterOf(options);
    const check = await chooseCandidateCheck(this.db, assets, this.dateOrderSortLimit + 1, this.candidateCheck);
    const candidates = this.ocrCandidates(ocrTsqueries(options.ocrTerms, matches), assets, check, this.dateOrderSortLimit + 1, rum);
    const sorted = await this.db
      .selectFrom(candidates.as('c'))
      .select(['c.assetId', 'c.fileCreatedAt', 'c.ocrScore', sql<string>`count(*) over ()`.as('matches')])
      .orderBy('c.fileCreatedAt', options.order)
      .orderBy('c.assetId', options.order)
      .limit(size + 1)
      .offset((page - 1) * size)
      .execute();
    // a page past the matches has no row to carry their count: count them
    const count = sorted.length > 0 ? Number(sorted[0].matches) : Number((await this.db.selectFrom(candidates.as('c')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    if (count <= this.dateOrderSortLimit) return sorted;
    // the walk: Immich has no (fileCreatedAt, id) index, so only with sorting off does the planner walk
    // asset_fileCreatedAt_idx (sorting ties in id as it goes) instead of sorting the library
    return this.db.transaction().execute(async (trx) => {
      await sql`select set_config('enable_sort', 'off', true)`.execute(trx);
      return this.ocrByDateWalkQuery(options, matches, trx).execute();
    });
  }

  /**
   * The walk of searchOcrByDate: the assets the filter lets through, by date, each checked against the
   * precise tsquery (a primary-key lookup of its tsvector) until a page of matches (and one more) is
   * found. Exposed for EXPLAIN like ocrSearchQuery.
   */
  ocrByDateWalkQuery(options: OcrSearchOptions & { order: 'asc' | 'desc' }, matches: 'exact' | 'confusable' = 'exact', db: Kysely<LensDatabase> = this.db) {
    const { page, size } = pagination(options);
    const precise = anyBucketTsquery(ocrTsqueries(options.ocrTerms, matches).precise);
    const byDate = assetFilterOf(options)(db)
      .select(['asset.id as assetId', 'asset.fileCreatedAt'])
      .orderBy('asset.fileCreatedAt', options.order)
      .orderBy('asset.id', options.order);
    return db
      .selectFrom(byDate.as('a'))
      .innerJoinLateral(
        (eb) =>
          (eb as unknown as ExpressionBuilder<LensDatabase, never>)
            .selectFrom('lens_ocr_search')
            .select(sql<number>`ts_rank_cd(lens_ocr_search.tsv, ${precise}::tsquery)`.as('ocrScore'))
            .where('lens_ocr_search.assetId', '=', sql.ref<string>('a.assetId'))
            .where(sql<boolean>`ts_match_vq(lens_ocr_search.tsv, ${precise}::tsquery)`)
            .offset(0)
            .as('m'),
        (join) => join.onTrue(),
      )
      .select(['a.assetId', 'a.fileCreatedAt', 'm.ocrScore'])
      .orderBy('a.fileCreatedAt', options.order)
      .orderBy('a.assetId', options.order)
      .limit(size + 1)
      .offset((page - 1) * size);
  }

  /**
   * Free text (+ optional ocr: terms): CLIP top-K by `embedding <=> q` and OCR top-K by text rank,
   * fused by weighted reciprocal rank fusion. With ocr: terms, they filter both lists.
   */
  async searchHybrid(options: HybridSearchOptions): Promise<SearchPage> {
    const { page, size } = pagination(options);
    const { iterativeScan } = await this.getFeatures();
    return this.db.transaction().execute(async (trx) => {
      const { query, usesHnsw } = await this.hybridSearchQuery(options, trx);
      if (usesHnsw) {
        // like Immich's searchSmart: index settings scoped to this transaction
        await sql`select set_config('hnsw.ef_search', ${String(Math.min(1000, Math.max(40, this.hybridTopK)))}, true)`.execute(trx);
        if (iterativeScan) await sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true)`.execute(trx);
      }
      const rows = await query.execute();
      return toPage(
        rows.map((row) => ({
          assetId: row.assetId,
          score: Number(row.score),
          clipRank: row.clipRank === null ? null : Number(row.clipRank),
          clipDistance: row.clipDistance,
          ocrRank: row.ocrRank === null ? null : Number(row.ocrRank),
          ocrScore: row.ocrScore,
        })),
        page,
        size,
      );
    });
  }

  /** The query searchHybrid runs (exposed for EXPLAIN in benchmarks and generated SQL). */
  async hybridSearchQuery(options: HybridSearchOptions, trx: Kysely<LensDatabase> = this.db) {
    const { page, size } = pagination(options);
    const terms = options.ocrTerms ?? [];
    const termsQuery = terms.length > 0 ? ocrTsqueries(terms, 'exact') : null;
    const freeTextQuery = !termsQuery && options.freeText ? freeTextTsquery(options.freeText) : null;
    const ocrQuery: OcrTsqueries | null = termsQuery ?? (freeTextQuery ? { index: freeTextQuery, precise: freeTextQuery } : null);
    const embedding = options.embedding === undefined ? null : vectorParameter(options.embedding);
    if (!ocrQuery && !embedding) throw new SearchQueryError('Nothing to search for');

    const { k, clipWeight, ocrWeight } = this.fusion;
    const topK = this.hybridTopK;
    const { rum } = await this.getFeatures();
    const assets = assetFilterOf(options);
    const ocrLimit = termsQuery ? this.maxCandidates : topK;
    const check = ocrQuery ? await chooseCandidateCheck(trx, assets, ocrLimit, this.candidateCheck) : 'lookup';
    const query0 = trx.with((cte) => cte('ocr_list').materialized(), (db) =>
      ocrQuery
        ? db
            .selectFrom(
              this.ocrCandidates(
                ocrQuery,
                assets,
                check,
                ocrLimit,
                rum,
                db,
              ).as('c'),
            )
            .select(['c.assetId', 'c.ocrScore'])
            .select(sql<number>`row_number() over (order by c."ocrScore" desc, c."fileCreatedAt" desc, c."assetId")`.as('rank'))
        : db
            .selectFrom('asset')
            .select(['asset.id as assetId', sql<number>`0::real`.as('ocrScore'), sql<number>`0::bigint`.as('rank')])
            .where(sql<boolean>`false`),
    );
    const withClip = query0.with((cte) => cte('clip_list').materialized(), (db) => {
      if (!embedding) {
        return db
          .selectFrom('smart_search')
          .select(['smart_search.assetId', sql<number>`0::real`.as('distance'), sql<number>`0::bigint`.as('rank')])
          .where(sql<boolean>`false`);
      }
      const vector = sql`${embedding}::vector`;
      if (termsQuery) {
        // ocr: terms filter the set: exact distances over the (already access-filtered) OCR
        // matches; `+ 0` keeps the planner off the HNSW index, which would drop rows it filters
        const exact = db
          .selectFrom('ocr_list')
          .innerJoin('smart_search', 'smart_search.assetId', 'ocr_list.assetId')
          .select(['smart_search.assetId', sql<number | null>`smart_search.embedding <=> ${vector}`.as('distance')])
          .orderBy(sql`(smart_search.embedding <=> ${vector}) + 0`)
          .limit(topK);
        return db
          .selectFrom(exact.as('v'))
          .select(['v.assetId', 'v.distance'])
          .select(sql<number>`row_number() over (order by v.distance, v."assetId")`.as('rank'));
      }
      // HNSW hands rows over nearest first; the distance is not selected here because computing
      // it would de-TOAST every embedding (storage external): only the returned page gets it
      const nearest = db
        .selectFrom('smart_search')
        .innerJoinLateral(visibleAsset(this.db, 'smart_search', assets), (join) => join.onTrue())
        .select('smart_search.assetId')
        .orderBy(sql`smart_search.embedding <=> ${vector}`)
        .limit(topK);
      return db
        .selectFrom(nearest.as('v'))
        .select(['v.assetId', sql<number | null>`null::float8`.as('distance')])
        .select(sql<number>`row_number() over ()`.as('rank'));
    });
    const fusedScore = sql<number>`coalesce(${clipWeight}::float8 / (${k}::float8 + clip_list.rank), 0) + coalesce(${ocrWeight}::float8 / (${k}::float8 + ocr_list.rank), 0)`;
    const fused = withClip
      .selectFrom('clip_list')
      .fullJoin('ocr_list', 'ocr_list.assetId', 'clip_list.assetId')
      .select([
        sql<string>`coalesce(clip_list."assetId", ocr_list."assetId")`.as('assetId'),
        fusedScore.as('score'),
        'clip_list.rank as clipRank',
        'clip_list.distance as clipDistance',
        'ocr_list.rank as ocrRank',
        'ocr_list.ocrScore as ocrScore',
        sql<number>`least(clip_list.rank, ocr_list.rank)`.as('bestRank'),
      ])
      .$if(!!termsQuery, (qb) => qb.where('ocr_list.assetId', 'is not', null))
      .orderBy('score', 'desc')
      .orderBy('bestRank')
      .orderBy('assetId')
      .limit(size + 1)
      .offset((page - 1) * size);
    const query = trx
      .selectFrom(fused.as('page'))
      .select(['page.assetId', 'page.score', 'page.clipRank', 'page.ocrRank', 'page.ocrScore'])
      .select((eb) =>
        eb
          .fn<number | null>('coalesce', [
            'page.clipDistance',
            embedding
              ? eb
                  .selectFrom('smart_search')
                  .select(sql<number>`smart_search.embedding <=> ${sql`${embedding}::vector`}`.as('d'))
                  .whereRef('smart_search.assetId', '=', 'page.assetId')
                  .where('page.clipRank', 'is not', null)
              : sql<null>`null::float8`,
          ])
          .as('clipDistance'),
      )
      .orderBy('page.score', 'desc')
      .orderBy('page.bestRank')
      .orderBy('page.assetId');
    return { query, usesHnsw: !!embedding && !termsQuery };
  }

  /**
   * `limit` OCR matches visible to the caller after skipping `offset`, with their ts_rank_cd, from a
   * scan per bucket (see BUCKETS in segment.ts): bucket after bucket, inside a bucket in RUM rank
   * order where RUM exists, else in index (physical) order. The LIMIT stops the scan in the first
   * bucket that fills it, so a frequent word costs one bucket's share of its matches. The index is
   * asked the index form of the query, and the precise form filters what it returns; the filter is
   * checked as `check` says (see CandidateCheck).
   */
  private ocrCandidates(query: OcrTsqueries, assets: AssetFilter, check: 'lookup' | 'visible-set', limit: number, rum: boolean, db: QueryCreator<any> = this.db, offset = 0) {
    const qc = db as QueryCreator<LensDatabase>;
    const buckets = qc.selectFrom(
      sql<{ q: string; precise: string }>`(select * from unnest(${bucketTsqueries(query.index)}::tsquery[], ${bucketTsqueries(query.precise)}::tsquery[]) as u(q, precise))`.as(
        'bucket',
      ),
    );
    const matches = (eb: ExpressionBuilder<any, any>) => {
      const query = (eb as unknown as ExpressionBuilder<LensDatabase, 'lens_ocr_search'>)
        .selectFrom('lens_ocr_search')
        .innerJoinLateral(visibleAsset(this.db, 'lens_ocr_search', assets), (join) => join.onTrue())
        .select([
          'lens_ocr_search.assetId',
          'visible.fileCreatedAt',
          sql<number>`ts_rank_cd(lens_ocr_search.tsv, bucket.precise)`.as('ocrScore'),
        ])
        .where(sql<boolean>`lens_ocr_search.tsv @@ bucket.q`)
        // the function, not the operator: a filter on the rows, never an index condition
        .where(sql<boolean>`ts_match_vq(lens_ocr_search.tsv, bucket.precise)`)
        // inside coalesce the subquery is not turned into a join (which could reorder the matches) but
        // stays a filter: a hashed SubPlan, the filter's assets read once for all buckets
        .$if(check === 'visible-set', (qb) =>
          qb.where(sql<boolean>`coalesce(lens_ocr_search."assetId" = any(${assets(this.db).select('asset.id')}), false)`),
        );
      // equal RUM distances are put in a fixed order, so windows do not depend on the LIMIT
      return rum ? query.orderBy(sql`lens_ocr_search.tsv <=> bucket.q`).orderBy('lens_ocr_search.assetId') : query;
    };
    return buckets
      .innerJoinLateral((eb) => matches(eb).as('match'), (join) => join.onTrue())
      .select(['match.assetId', 'match.fileCreatedAt', 'match.ocrScore'])
      .limit(limit)
      .$if(offset > 0, (qb) => qb.offset(offset));
  }
}

/**
 * The asset row behind a search row if the filter lets it through. `offset 0` keeps Postgres from
 * flattening the lateral subquery into a hash join that scans the whole asset table: each candidate
 * costs one primary-key lookup (and the filter's own per-asset lookups), and the LIMIT above stops
 * the index scan early.
 */
function visibleAsset(db: Kysely<any>, from: 'lens_ocr_search' | 'smart_search', assets: AssetFilter) {
  return assets(db).select('asset.fileCreatedAt').where('asset.id', '=', sql.ref<string>(`${from}.assetId`)).offset(0).as('visible');
}

function pagination(options: PaginationOptions) {
  const page = options.page ?? 1;
  const size = options.size ?? 100;
  if (!Number.isInteger(page) || page < 1) throw new SearchQueryError(`Invalid page: ${page}`);
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw new SearchQueryError(`Invalid size: ${size} (1–1000)`);
  return { page, size };
}

function toPage(items: SearchItem[], page: number, size: number): SearchPage {
  const hasNextPage = items.length > size;
  return { items: items.slice(0, size), nextPage: hasNextPage ? String(page + 1) : null };
}

function vectorParameter(embedding: string | number[]): string {
  if (typeof embedding === 'string') return embedding;
  try {
    return toVectorLiteral(embedding);
  } catch (error) {
    throw new SearchQueryError(`Invalid embedding: ${(error as Error).message}`);
  }
}
