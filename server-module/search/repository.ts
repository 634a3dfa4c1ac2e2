import { Kysely, sql } from 'kysely';
import { assetFilterOf, SearchScope } from './asset-filter';
import { CandidateCheck, chooseCandidateCheck } from './candidate-check';
import { hybridQuery } from './hybrid';
import { countMatchesQuery, sortedByDateQuery, walkByDateQuery } from './ocr-by-date';
import { rankedOcrQuery, rankWindows } from './ocr-ranked';
import { confusableTermsTsquery, freeTextTsquery, ocrTsqueries, SearchQuery, SearchQueryError } from './query';
import { ocrItem, pagination, PaginationOptions, SearchItem, SearchPage, toPage, vectorParameter } from './search-page';
import { LensDatabase } from './types';

export type { AccessFilterOptions, AssetFilter, SearchScope } from './asset-filter';
export type { PaginationOptions, SearchItem, SearchPage } from './search-page';

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

export interface SearchRepositoryConfig {
  /**
   * `ocr:` search ranks the visible matches in consecutive windows of max(rankWindow, page size)
   * (rankWindow default 50): each window of the match stream (see ocrCandidates in ocr-candidates.ts) is ordered by
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

type Matches = 'exact' | 'confusable';
type ByDate = OcrSearchOptions & { order: 'asc' | 'desc' };

/**
 * The ranked OCR and hybrid searches, one query builder per strategy (ocr-ranked.ts, ocr-by-date.ts,
 * hybrid.ts, over the OCR candidates of ocr-candidates.ts); their SQL is in sql/queries/.
 */
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
    private readonly db: Kysely<LensDatabase>,
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
   * rankWindow), or by date taken when an order is given (searchOcrByDate).
   */
  async searchOcr(options: OcrSearchOptions): Promise<SearchPage> {
    const { page, size, offset } = pagination(options);
    if (options.order) {
      const rows = await this.exactOrConfusable(options, (o, matches) => this.matchesByDate({ ...o, order: options.order! }, matches));
      return toPage(rows.map((row, i) => ocrItem(row, offset + i + 1)), page, size);
    }
    const rows = await this.exactOrConfusable(options, (o, matches) => this.rankedMatches(o, matches));
    return toPage(rows.map((row) => ocrItem(row, Number(row.ocrRank))), page, size);
  }

  /**
   * The exact matches; when there are none at all, the matches that need one of OCR's usual
   * confusions per term (school → SCHOO1, PB03 → P803; see confusableTermsTsquery).
   */
  private async exactOrConfusable<T>(options: OcrSearchOptions, search: (options: OcrSearchOptions, matches: Matches) => Promise<T[]>): Promise<T[]> {
    const rows = await search(options, 'exact');
    if (rows.length > 0 || !confusableTermsTsquery(options.ocrTerms)) return rows;
    const none = pagination(options).page === 1 || (await search({ ...options, page: 1, size: 1 }, 'exact')).length === 0;
    return none ? search(options, 'confusable') : rows;
  }

  private async rankedMatches(options: OcrSearchOptions, matches: Matches) {
    const { page, size } = pagination(options);
    const assets = assetFilterOf(options);
    const { end } = rankWindows(page, size, this.rankWindow);
    const check = await chooseCandidateCheck(this.db, assets, end + 1, this.candidateCheck);
    const { rum } = await this.getFeatures();
    const tsqueries = ocrTsqueries(options.ocrTerms, matches);
    return rankedOcrQuery(this.db, { tsqueries, assets, check, rum, page, size, rankWindow: this.rankWindow }).execute();
  }

  /**
   * The page's matches (and one more) in date order (Immich's `ORDER BY fileCreatedAt, id`), by the
   * cheaper of two plans, chosen by counting rather than by the planner's estimate of a tsquery's
   * selectivity (off by a hundred times for rare numbers): up to dateOrderSortLimit matches are read
   * from the index and sorted; a term with more matches is in enough documents that walking the assets
   * by date finds a page of them after a bounded number of checks. Either plan reads at most about
   * sqrt(page end × library size) rows.
   */
  private async matchesByDate(options: ByDate, matches: Matches) {
    const { page, size } = pagination(options);
    const assets = assetFilterOf(options);
    const limit = this.dateOrderSortLimit + 1;
    const check = await chooseCandidateCheck(this.db, assets, limit, this.candidateCheck);
    const { rum } = await this.getFeatures();
    const tsqueries = ocrTsqueries(options.ocrTerms, matches);
    const candidates = { tsqueries, assets, check, rum, limit };
    const sorted = await sortedByDateQuery(this.db, { ...candidates, order: options.order, page, size }).execute();
    // a page past the matches has no row to carry their count: count them
    const count = Number(sorted[0]?.matches ?? (await countMatchesQuery(this.db, candidates).executeTakeFirst())?.n ?? 0);
    if (count <= this.dateOrderSortLimit) return sorted;
    return this.db.transaction().execute(async (trx) => {
      await sql`select set_config('enable_sort', 'off', true)`.execute(trx);
      return walkByDateQuery(trx, { precise: tsqueries.precise, assets, order: options.order, page, size }).execute();
    });
  }

  /**
   * Free text (+ optional ocr: terms): CLIP top-K by `embedding <=> q` and OCR top-K by text rank,
   * fused by weighted reciprocal rank fusion. With ocr: terms, they filter both lists.
   */
  async searchHybrid(options: HybridSearchOptions): Promise<SearchPage> {
    const { page, size } = pagination(options);
    const terms = options.ocrTerms ?? [];
    const freeTextQuery = terms.length === 0 && options.freeText ? freeTextTsquery(options.freeText) : null;
    const tsqueries = terms.length > 0 ? ocrTsqueries(terms, 'exact') : freeTextQuery ? { index: freeTextQuery, precise: freeTextQuery } : null;
    const embedding = options.embedding === undefined ? undefined : vectorParameter(options.embedding);
    if (!tsqueries && !embedding) throw new SearchQueryError('Nothing to search for');
    const assets = assetFilterOf(options);
    const ocrFilters = terms.length > 0;
    const { rum, iterativeScan } = await this.getFeatures();
    return this.db.transaction().execute(async (trx) => {
      const limit = ocrFilters ? this.maxCandidates : this.hybridTopK;
      const ocr = tsqueries ? { tsqueries, assets, rum, limit, check: await chooseCandidateCheck(trx, assets, limit, this.candidateCheck) } : undefined;
      if (embedding && !ocrFilters) {
        // the HNSW scan; like Immich's searchSmart, index settings scoped to this transaction
        await sql`select set_config('hnsw.ef_search', ${String(Math.min(1000, Math.max(40, this.hybridTopK)))}, true)`.execute(trx);
        if (iterativeScan) await sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true)`.execute(trx);
      }
      const rows = await hybridQuery(trx, { ocr, ocrFilters, embedding, assets, topK: this.hybridTopK, fusion: this.fusion, page, size }).execute();
      return toPage(rows.map(hybridItem), page, size);
    });
  }
}

function hybridItem(row: { assetId: string; score: unknown; clipRank: unknown; clipDistance: number | null; ocrRank: unknown; ocrScore: number | null }): SearchItem {
  const rank = (value: unknown) => (value === null ? null : Number(value));
  return { assetId: row.assetId, score: Number(row.score), clipRank: rank(row.clipRank), clipDistance: row.clipDistance, ocrRank: rank(row.ocrRank), ocrScore: row.ocrScore };
}
