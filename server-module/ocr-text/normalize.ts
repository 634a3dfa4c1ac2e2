/** Text normalisation shared by documents, queries, the search bars and the highlight. */

const CJK_GAP = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])\s+(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/gu;
// NUL cannot be stored in Postgres text; lone surrogates are not valid UTF-8.
const UNSAFE = /[\p{Cc}\p{Cs}\p{Co}\p{Cn}]/gu;

/** NFKC (full-width → half-width), lower case, control/NUL/unpaired-surrogate characters → spaces. */
export function normalizeChars(input: string): string {
  return input.replace(UNSAFE, ' ').normalize('NFKC').toLowerCase().replace(UNSAFE, ' ');
}

/** normalizeChars, and OCR's spaces between CJK characters closed (`发 票` → `发票`). */
export function normalizeText(input: string): string {
  return normalizeChars(input).replace(CJK_GAP, '$1');
}

export type RunKind = 'cjk' | 'word' | 'mark';
export interface Run {
  kind: RunKind;
  text: string;
}

/** The scripts written without spaces between words, as a regular-expression character class body. */
export const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const RUN = new RegExp(`([${CJK_CLASS}]+)|((?:(?![${CJK_CLASS}])[\\p{L}\\p{N}\\p{M}])+)|([^\\s\\p{L}\\p{N}\\p{M}]+)`, 'gu');

/**
 * Splits normalised text into CJK runs, letter/digit runs and punctuation/symbol runs ('mark').
 * Whitespace only separates; a mark takes a position, so `中国:181` is not the phrase `中国181`
 * (substring semantics), while `138-1234` still matches `138-1234`.
 */
export function splitRuns(normalized: string): Run[] {
  const runs: Run[] = [];
  for (const m of normalized.matchAll(RUN)) {
    if (m[1]) {
      runs.push({ kind: 'cjk', text: m[1] });
    } else if (m[2]) {
      runs.push({ kind: 'word', text: m[2] });
    } else if (m[3]) {
      runs.push({ kind: 'mark', text: m[3] });
    }
  }
  return runs;
}
