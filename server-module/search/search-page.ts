import { toVectorLiteral } from '../inference/clip/embedding';
import { SearchQueryError } from './query';

export interface PaginationOptions {
  /** 1-based, like Immich */
  page?: number;
  size?: number;
}

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

/** The page asked for, checked: a bad page or size is the caller's to fix (a 400), not a database error. */
export function pagination(options: PaginationOptions) {
  const page = options.page ?? 1;
  const size = options.size ?? 100;
  if (!Number.isInteger(page) || page < 1) throw new SearchQueryError(`Invalid page: ${page}`);
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw new SearchQueryError(`Invalid size: ${size} (1–1000)`);
  return { page, size, offset: (page - 1) * size };
}

/** A page from its rows and one more (which says whether a next page exists). */
export function toPage(items: SearchItem[], page: number, size: number): SearchPage {
  const hasNextPage = items.length > size;
  return { items: items.slice(0, size), nextPage: hasNextPage ? String(page + 1) : null };
}

/** An OCR search's row as a search item. */
export function ocrItem(row: { assetId: string; ocrScore: number }, ocrRank: number): SearchItem {
  return { assetId: row.assetId, score: row.ocrScore, ocrScore: row.ocrScore, ocrRank, clipRank: null, clipDistance: null };
}

export function vectorParameter(embedding: string | number[]): string {
  if (typeof embedding === 'string') return embedding;
  try {
    return toVectorLiteral(embedding);
  } catch (error) {
    throw new SearchQueryError(`Invalid embedding: ${(error as Error).message}`);
  }
}
