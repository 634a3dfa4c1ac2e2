import { normalizeChars } from '../../../server-module/search/normalize';
import { type OcrQuery, parseOcrQuery } from '../../../server-module/search/ocr-grammar';

export interface Segment {
  text: string;
  match: boolean;
}

/**
 * Splits an OCR line into marked and plain segments for the terms. Matching is on NFKC + lower case
 * (full-width ＡＢＣ matches abc) while the segments keep the original characters, so each original
 * character is normalised on its own and mapped back.
 */
export function highlightSegments(line: string, terms: string[]): Segment[] {
  const chars = Array.from(line);
  let normalized = '';
  const owner: number[] = []; // normalized code unit → index in chars
  chars.forEach((c, index) => {
    const n = normalizeChars(c);
    normalized += n;
    for (let k = 0; k < n.length; k++) owner.push(index);
  });
  const marked = new Array<boolean>(chars.length).fill(false);
  for (const term of terms.map(normalizeChars).filter(Boolean)) {
    for (let at = normalized.indexOf(term); at !== -1; at = normalized.indexOf(term, at + term.length)) {
      for (let k = at; k < at + term.length; k++) marked[owner[k]] = true;
    }
  }
  const segments: Segment[] = [];
  chars.forEach((c, index) => {
    const last = segments[segments.length - 1];
    if (last && last.match === marked[index]) last.text += c;
    else segments.push({ text: c, match: marked[index] });
  });
  return segments;
}

/** What to mark in matched OCR lines: the positive terms' words (a phrase's words too), longest first. */
export function highlightTerms(query: OcrQuery | string): string[] {
  const parsed = typeof query === 'string' ? parseOcrQuery(query) : query;
  const words = parsed.terms.flatMap((term) => (term.negated ? [] : term.phrase ? [term.text, ...term.text.split(/\s+/)] : [term.text]));
  return [...new Set(words.filter(Boolean))].sort((a, b) => b.length - a.length);
}
