/**
 * The `ocr:` query grammar (DESIGN.md §4): `ocr:word`, `ocr:"a phrase"`, `-ocr:word` (NOT), the rest
 * free text. One tokenizer and one normalisation for the server's parser (search/query.ts adds
 * segmentation and validation), the search bars and the highlight.
 */
import { normalizeChars, normalizeText } from './normalize';

export interface OcrQueryTerm {
  text: string;
  phrase: boolean;
  negated: boolean;
}

export interface OcrQuery {
  terms: OcrQueryTerm[];
  freeText: string;
  /** a term still being typed: `ocr:` with nothing after it, or an unclosed quote */
  incomplete: boolean;
}

const PREFIX = /^(-?)ocr:/;

/**
 * One piece of a query: a free-text word, or an `ocr:` / `-ocr:` term (`value` trimmed and possibly
 * empty; `closed` is false for a quote that is never closed).
 */
export type OcrQueryToken =
  | { kind: 'free'; text: string }
  | { kind: 'ocr'; negated: boolean; phrase: boolean; value: string; closed: boolean };

const nextSpace = (text: string, from: number): number => {
  const match = /\s/.exec(text.slice(from));
  return match ? from + match.index : text.length;
};

/**
 * Splits a query, normalised with normalizeChars, into free-text words and `ocr:` terms; whitespace
 * ends a word (`ocr:发 票` is the term 发 and the free word 票). Term values come out with
 * normalizeText applied (spaces between CJK characters inside a phrase closed, as in documents).
 */
export function scanOcrQuery(text: string): OcrQueryToken[] {
  const tokens: OcrQueryToken[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    const prefix = PREFIX.exec(text.slice(i, i + 5));
    if (!prefix) {
      const end = nextSpace(text, i);
      tokens.push({ kind: 'free', text: text.slice(i, end) });
      i = end;
      continue;
    }
    i += prefix[0].length;
    const negated = prefix[1] === '-';
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      const end = close === -1 ? text.length : close;
      tokens.push({ kind: 'ocr', negated, phrase: true, value: normalizeText(text.slice(i + 1, end)).trim(), closed: close !== -1 });
      i = close === -1 ? text.length : close + 1;
    } else {
      const end = nextSpace(text, i);
      tokens.push({ kind: 'ocr', negated, phrase: false, value: text.slice(i, end).trim(), closed: true });
      i = end;
    }
  }
  return tokens;
}

/** The terms of a query as typed so far (no validation: the server stays the judge of a valid query). */
export function parseOcrQuery(input: string): OcrQuery {
  const terms: OcrQueryTerm[] = [];
  const free: string[] = [];
  let incomplete = false;
  for (const token of scanOcrQuery(normalizeChars(input))) {
    if (token.kind === 'free') {
      free.push(token.text);
      continue;
    }
    if (token.value) {
      terms.push({ text: token.value, phrase: token.phrase, negated: token.negated });
    }
    if (!token.value || !token.closed) {
      incomplete = true;
    }
  }
  return { terms, freeText: free.join(' '), incomplete };
}

/**
 * Whether the query uses the `ocr:` grammar at all (`ocr:`, `-ocr:`, even unfinished): such a query goes
 * to the ranked OCR / hybrid search whatever search type the search bar is set to; the server answers an
 * unfinished or exclude-only query with a message.
 */
export const hasOcrSyntax = (input?: string | null): boolean => {
  if (!input) {
    return false;
  }
  const parsed = parseOcrQuery(input);
  return parsed.terms.length > 0 || parsed.incomplete;
};
