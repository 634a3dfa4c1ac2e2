/**
 * The search plan: which search a query asks for, the same choice in both hosts. `ocr:` terms alone
 * → ranked OCR text search (no CLIP model needed); free text → CLIP fused with the OCR text rank
 * (hybrid), which needs CLIP: without it the query is refused with a message saying what works.
 */
import { ocrModeQuery, parseSearchQuery, SearchQuery, SearchQueryError } from './query';

export interface SearchPlan {
  mode: 'ocr' | 'hybrid';
  query: SearchQuery;
}

export interface ClipAvailability {
  available: boolean;
  /** why not, as the user should read it (e.g. "Smart search is not enabled") */
  unavailableReason: string;
}

/** Throws SearchQueryError (a 400) for malformed queries and for free text without CLIP. */
export function planSearch(query: unknown, clip: ClipAvailability): SearchPlan {
  return planQuery(parseSearchQuery(query), clip);
}

/** The plan of a query already parsed and checked (checkSearchQuery guarantees a positive term or free text). */
export function planQuery(query: SearchQuery, clip: ClipAvailability): SearchPlan {
  if (!query.freeText) return { mode: 'ocr', query };
  if (!clip.available) {
    const example = query.freeText.split(/\s+/)[0];
    throw new SearchQueryError(`${clip.unavailableReason}: "${query.freeText}" needs CLIP. Search OCR text alone with ocr: terms, e.g. ocr:${example}`);
  }
  return { mode: 'hybrid', query };
}

/** Immich's OCR search mode (see ocrModeQuery): always a ranked OCR search, no CLIP involved. */
export function planOcrModeSearch(text: unknown): SearchPlan {
  return { mode: 'ocr', query: ocrModeQuery(text) };
}
