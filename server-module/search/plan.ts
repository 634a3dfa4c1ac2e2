/**
 * The search plan: which search a query asks for, the same choice in both hosts. `ocr:` terms alone
 * → ranked OCR text search (no CLIP model needed); free text → CLIP fused with the OCR text rank
 * (hybrid), which needs CLIP: without it the query is refused with a message saying what works.
 */
import { ParsedSearchQuery, parseSearchQuery, SearchQueryError } from './query';

export type SearchPlan = { mode: 'ocr'; query: ParsedSearchQuery } | { mode: 'hybrid'; query: ParsedSearchQuery };

export interface ClipAvailability {
  available: boolean;
  /** why not, as the user should read it (e.g. "Smart search is not enabled") */
  unavailableReason: string;
}

/** Throws SearchQueryError (a 400) for malformed queries and for free text without CLIP. */
export function planSearch(query: unknown, clip: ClipAvailability): SearchPlan {
  const parsed = parseSearchQuery(query);
  if (!parsed.freeText) return { mode: 'ocr', query: parsed }; // the parser guarantees a positive term
  if (!clip.available) {
    const example = parsed.freeText.split(/\s+/)[0];
    throw new SearchQueryError(`${clip.unavailableReason}: "${parsed.freeText}" needs CLIP. Search OCR text alone with ocr: terms, e.g. ocr:${example}`);
  }
  return { mode: 'hybrid', query: parsed };
}

/**
 * Immich's OCR search mode (`POST /search/metadata {ocr}`, the web's "OCR" type, the mobile app): the
 * text is what the user saw in the photo, so every word is an OCR term (AND); `ocr:`/`-ocr:` terms
 * keep their meaning. Always a ranked OCR search: no CLIP involved.
 */
export function planOcrModeSearch(text: unknown): SearchPlan {
  return planSearch(ocrModeQuery(text), { available: false, unavailableReason: 'OCR search' });
}

/** OCR-mode text written in the `ocr:` grammar: every free word an `ocr:` term. */
export function ocrModeQuery(text: unknown): string {
  const parsed = parseSearchQuery(text);
  const words = parsed.freeText.split(/\s+/).filter(Boolean);
  if (words.some((w) => w.includes('"'))) throw new SearchQueryError('Unbalanced quote in the query');
  const terms = parsed.ocrTerms.map((t) => `${t.negated ? '-' : ''}ocr:${t.phrase ? `"${t.text}"` : t.text}`);
  return [...terms, ...words.map((w) => `ocr:${w}`)].join(' ');
}
