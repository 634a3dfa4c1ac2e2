import { Kysely, sql } from 'kysely';
import { AssetFilter } from './asset-filter';

/**
 * How a search checks its OCR candidates against the host's filter, in the order the matches come
 * (the results are the same either way):
 * - 'lookup': each candidate is looked up in asset (a primary-key lookup plus the filter's own
 *   per-asset lookups); costs nothing up front, so it suits a filter that lets most assets through;
 * - 'visible-set': the filter's assets are read once into a hashed set and each candidate is a hash
 *   probe; the asset row is looked up only for the candidates in the set. It suits a selective filter
 *   (favourites in two years: 1.8 % of a library), where a page needs thousands of candidates.
 * 'auto' chooses per search (chooseCandidateCheck).
 */
export type CandidateCheck = 'auto' | 'lookup' | 'visible-set';

/**
 * Above this many estimated assets the set is not built: Postgres hashes an uncorrelated subquery only
 * when it expects the set to fit in work_mem (otherwise it would scan the subquery for every candidate).
 */
export const MAX_VISIBLE_SET = 50_000;

/** Fewer lookups than this cost a few milliseconds (about 4 µs each at 1M assets): not worth a set. */
export const MIN_LOOKUPS_SAVED = 1_000;

/** The planner's estimates behind the choice, in its own cost units. */
export interface FilterEstimates {
  /** assets in the library */
  library: number;
  /** assets the filter lets through */
  visible: number;
  /** reading them all */
  setCost: number;
  /** the filter for one asset id (the per-candidate lookup) */
  lookupCost: number;
}

/**
 * The visible set when reading it costs less than the lookups it saves when a page needs the most
 * candidates: `limit` visible matches take about limit × library / visible candidates (all of a rarer
 * term's matches, which cost less). The planner estimates a filter on asset well (column statistics);
 * it is a tsquery's number of matches it misjudges, and that is not asked here.
 */
export function visibleSetPays(e: FilterEstimates, limit: number): boolean {
  if (e.visible > MAX_VISIBLE_SET) return false;
  const candidates = Math.min(e.library, (limit * e.library) / Math.max(1, e.visible));
  return candidates >= MIN_LOOKUPS_SAVED && e.setCost < candidates * e.lookupCost;
}

/**
 * The planner's estimates for `assets` (one EXPLAIN, no rows read); null where EXPLAIN returns no plan
 * or Postgres would not hash the set.
 */
export async function estimateFilter(db: Kysely<any>, assets: AssetFilter): Promise<FilterEstimates | null> {
  const set = assets(db).select('asset.id');
  const one = assets(db).select('asset.id').where('asset.id', '=', sql<string>`${NO_ASSET}::uuid`);
  const library = db.selectFrom('asset').select(sql`1`.as('x')).limit(1);
  // the set as the search probes it for each OCR row (see ocrCandidates), the lookup of one asset, the library's scan
  const { rows } = await sql<{ 'QUERY PLAN': unknown }>`explain (format json, verbose)
    select coalesce(lens_ocr_search."assetId" = any(${set}), false), (select count(*) from (${one}) o), (${library})
    from lens_ocr_search`.execute(db);
  const plan = rows[0]?.['QUERY PLAN'];
  const root = (typeof plan === 'string' ? JSON.parse(plan) : plan) as Array<{ Plan: PlanNode }> | undefined;
  const top = root?.[0]?.Plan;
  const subplans = top?.Plans ?? [];
  const visible = subplans.find((p) => p['Parent Relationship'] === 'SubPlan');
  const [lookup, all] = subplans.filter((p) => p['Parent Relationship'] === 'InitPlan');
  const hashed = (top?.Output ?? []).some((output) => output.includes('hashed SubPlan'));
  if (!visible || !lookup || !all || !hashed) return null;
  return {
    library: all.Plans?.[0]?.['Plan Rows'] ?? 0,
    visible: visible['Plan Rows'],
    setCost: visible['Total Cost'],
    lookupCost: lookup['Total Cost'],
  };
}

const NO_ASSET = '00000000-0000-4000-8000-000000000000';

interface PlanNode {
  'Total Cost': number;
  'Plan Rows': number;
  'Parent Relationship'?: string;
  Output?: string[];
  Plans?: PlanNode[];
}

/** The check a search with this filter and LIMIT uses (see CandidateCheck). */
export async function chooseCandidateCheck(db: Kysely<any>, assets: AssetFilter, limit: number, check: CandidateCheck): Promise<'lookup' | 'visible-set'> {
  if (check !== 'auto') return check;
  const estimates = await estimateFilter(db, assets);
  return estimates && visibleSetPays(estimates, limit) ? 'visible-set' : 'lookup';
}
