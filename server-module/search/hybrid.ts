import { Kysely, QueryCreator, SelectQueryBuilder, sql } from 'kysely';
import { AssetFilter } from './asset-filter';
import { ocrCandidates, OcrCandidatesOptions, visibleAsset } from './ocr-candidates';

export interface HybridQueryOptions {
  /** the OCR list's candidates (the ocr: terms', which filter the set, or free text's); none: CLIP alone */
  ocr?: OcrCandidatesOptions;
  /** whether the OCR list is of ocr: terms, which filter the set: CLIP then orders their matches */
  ocrFilters: boolean;
  /** CLIP embedding as a vector literal; none: the OCR list alone */
  embedding?: string;
  assets: AssetFilter;
  /** CLIP list length */
  topK: number;
  fusion: { k: number; clipWeight: number; ocrWeight: number };
  page: number;
  size: number;
}

/**
 * Hybrid search: the CLIP list and the OCR list, each a materialized CTE (only those the request
 * has), fused by weighted reciprocal rank fusion; the page's CLIP distances are computed last.
 */
export function hybridQuery(db: Kysely<any>, options: HybridQueryOptions) {
  const { ocr, embedding } = options;
  let lists: QueryCreator<any> = db;
  if (ocr) lists = lists.with((cte) => cte('ocr_list').materialized(), () => ocrList(db, ocr));
  if (embedding) lists = lists.with((cte) => cte('clip_list').materialized(), () => (options.ocrFilters ? clipOfOcrList(db, embedding, options.topK) : clipList(db, embedding, options)));
  return db
    .selectFrom(fusedPage(lists, options).as('page'))
    .select(['page.assetId', 'page.score', 'page.clipRank', 'page.ocrRank', 'page.ocrScore'])
    .select((eb) =>
      eb
        .fn<number | null>('coalesce', [
          'page.clipDistance',
          embedding
            ? eb
                .selectFrom('smart_search')
                .select(sql<number>`smart_search.embedding <=> ${embedding}::vector`.as('d'))
                .whereRef('smart_search.assetId', '=', 'page.assetId')
                .where('page.clipRank', 'is not', null)
            : sql<null>`null::float8`,
        ])
        .as('clipDistance'),
    )
    .orderBy('page.score', 'desc')
    .orderBy('page.bestRank')
    .orderBy('page.assetId');
}

/** The OCR matches by ts_rank_cd, newest first. */
function ocrList(db: Kysely<any>, candidates: OcrCandidatesOptions) {
  return db
    .selectFrom(ocrCandidates(db, candidates).as('c'))
    .select(['c.assetId', 'c.ocrScore'])
    .select(sql<number>`row_number() over (order by c."ocrScore" desc, c."fileCreatedAt" desc, c."assetId")`.as('rank'));
}

/**
 * The CLIP top-K by HNSW, nearest first. The distance is not selected here because computing it would
 * de-TOAST every embedding (storage external): only the returned page gets it.
 */
function clipList(db: Kysely<any>, embedding: string, { assets, topK }: HybridQueryOptions) {
  const nearest = db
    .selectFrom('smart_search')
    .innerJoinLateral(visibleAsset(db, 'smart_search', assets), (join) => join.onTrue())
    .select('smart_search.assetId')
    .orderBy(sql`smart_search.embedding <=> ${embedding}::vector`)
    .limit(topK);
  return db.selectFrom(nearest.as('v')).select(['v.assetId', sql<number | null>`null::float8`.as('distance')]).select(sql<number>`row_number() over ()`.as('rank'));
}

/**
 * ocr: terms filter the set: exact distances over the (already access-filtered) OCR matches; `+ 0`
 * keeps the planner off the HNSW index, which would drop rows it filters.
 */
function clipOfOcrList(db: Kysely<any>, embedding: string, topK: number) {
  const exact = db
    .selectFrom('ocr_list')
    .innerJoin('smart_search', 'smart_search.assetId', 'ocr_list.assetId')
    .select(['smart_search.assetId', sql<number | null>`smart_search.embedding <=> ${embedding}::vector`.as('distance')])
    .orderBy(sql`(smart_search.embedding <=> ${embedding}::vector) + 0`)
    .limit(topK);
  return db.selectFrom(exact.as('v')).select(['v.assetId', 'v.distance']).select(sql<number>`row_number() over (order by v.distance, v."assetId")`.as('rank'));
}

/** The page of the lists fused: a list the request lacks adds nothing (its columns null). */
function fusedPage(lists: QueryCreator<any>, { ocr, embedding, ocrFilters, fusion: { k, clipWeight, ocrWeight }, page, size }: HybridQueryOptions) {
  const clipRank = embedding ? sql`clip_list.rank` : sql`null::bigint`;
  const ocrRank = ocr ? sql`ocr_list.rank` : sql`null::bigint`;
  const from: SelectQueryBuilder<any, any, object> = !embedding
    ? lists.selectFrom('ocr_list')
    : !ocr
      ? lists.selectFrom('clip_list')
      : lists.selectFrom('clip_list').fullJoin('ocr_list', 'ocr_list.assetId', 'clip_list.assetId');
  const assetId = !embedding ? sql`ocr_list."assetId"` : !ocr ? sql`clip_list."assetId"` : sql`coalesce(clip_list."assetId", ocr_list."assetId")`;
  return from
    .select([
      sql<string>`${assetId}`.as('assetId'),
      sql<number>`coalesce(${clipWeight}::float8 / (${k}::float8 + ${clipRank}), 0) + coalesce(${ocrWeight}::float8 / (${k}::float8 + ${ocrRank}), 0)`.as('score'),
      sql<number | null>`${clipRank}`.as('clipRank'),
      sql<number | null>`${embedding ? sql`clip_list.distance` : sql`null::float8`}`.as('clipDistance'),
      sql<number | null>`${ocrRank}`.as('ocrRank'),
      sql<number | null>`${ocr ? sql`ocr_list."ocrScore"` : sql`null::real`}`.as('ocrScore'),
      sql<number>`least(${clipRank}, ${ocrRank})`.as('bestRank'),
    ])
    .$if(ocrFilters && !!embedding, (qb) => qb.where(sql<boolean>`ocr_list."assetId" is not null`))
    .orderBy('score', 'desc')
    .orderBy('bestRank')
    .orderBy('assetId')
    .limit(size + 1)
    .offset((page - 1) * size);
}
