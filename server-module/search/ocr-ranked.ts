import { Kysely, sql } from 'kysely';
import { ocrCandidates, OcrCandidatesOptions } from './ocr-candidates';

/**
 * The rank windows a page lies in: windows of max(rankWindow, size) consecutive matches, each ranked on
 * its own (see SearchRepositoryConfig.rankWindow); the page's rows lie in the windows [start, end).
 */
export function rankWindows(page: number, size: number, rankWindow: number) {
  const window = Math.max(rankWindow, size);
  const offset = (page - 1) * size;
  const start = Math.floor(offset / window) * window;
  const end = (Math.floor((offset + size - 1) / window) + 1) * window;
  return { window, offset, start, end };
}

export type RankedOcrOptions = Omit<OcrCandidatesOptions, 'limit' | 'offset'> & { page: number; size: number; rankWindow: number };

/**
 * `ocr:` search by relevance: the matches of the page's windows (and one more, which tells whether a
 * next page exists), each window ordered by ts_rank_cd, then newest.
 */
export function rankedOcrQuery(db: Kysely<any>, { page, size, rankWindow, ...candidates }: RankedOcrOptions) {
  const { window, offset, start, end } = rankWindows(page, size, rankWindow);
  return db
    .with((cte) => cte('candidates').materialized(), () =>
      db
        .selectFrom(ocrCandidates(db, { ...candidates, limit: end - start + 1, offset: start }).as('c'))
        .selectAll('c')
        // in the order the matches come (see ocrCandidates)
        .select(sql<number>`(row_number() over () - 1) / ${window}::int`.as('window')),
    )
    .selectFrom('candidates')
    .select(['candidates.assetId', 'candidates.ocrScore'])
    .select(sql<number>`${start}::int + row_number() over (order by "window", "ocrScore" desc, "fileCreatedAt" desc, "assetId")`.as('ocrRank'))
    .orderBy('ocrRank')
    .limit(size + 1)
    .offset(offset - start);
}
