/**
 * The search bar's view of a query: which `ocr:` terms it holds (for highlighting results, for the
 * hint chip, and for sending the query to the ranked OCR / hybrid search), by the grammar of DESIGN.md §4
 * (`ocr:word`, `ocr:"a phrase"`, `-ocr:word`, the rest free text; NFKC + lower case). Its tokenizer,
 * scanOcrQuery, is also the server's (server-module/search/query.ts adds segmentation and validation:
 * the server stays the judge of a valid query).
 *
 * Copied into Immich's web tree (web/src/lib/immich-lens/) by scripts/immich/copy-web-extension.sh and
 * into the server module's (scripts/immich/copy-server-module.sh), so it keeps to Immich's lint and
 * prettier settings and imports nothing.
 */
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

export const normalizeForMatch = (text: string): string => text.normalize('NFKC').toLowerCase();

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
 * Splits an already normalised query into free-text words and `ocr:` terms. The one tokenizer of the
 * grammar: the server's parser (server-module/search/query.ts) uses it too, so the search bar and the
 * server never disagree on what a term is.
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
      tokens.push({ kind: 'ocr', negated, phrase: true, value: text.slice(i + 1, end).trim(), closed: close !== -1 });
      i = close === -1 ? text.length : close + 1;
    } else {
      const end = nextSpace(text, i);
      tokens.push({ kind: 'ocr', negated, phrase: false, value: text.slice(i, end).trim(), closed: true });
      i = end;
    }
  }
  return tokens;
}

export function parseOcrQuery(input: string): OcrQuery {
  const terms: OcrQueryTerm[] = [];
  const free: string[] = [];
  let incomplete = false;
  for (const token of scanOcrQuery(normalizeForMatch(input))) {
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

/** What to mark in matched OCR lines: the positive terms' words (a phrase's words too), longest first. */
export function highlightTerms(query: OcrQuery | string): string[] {
  const parsed = typeof query === 'string' ? parseOcrQuery(query) : query;
  const words = parsed.terms.flatMap((term) => {
    if (term.negated) {
      return [];
    }
    return term.phrase ? [term.text, ...term.text.split(/\s+/)] : [term.text];
  });
  return [...new Set(words.filter(Boolean))].sort((a, b) => b.length - a.length);
}

export const hasOcrTerms = (input: string): boolean => parseOcrQuery(input).terms.some((term) => !term.negated);

/**
 * Whether the query uses the `ocr:` grammar at all (`ocr:`, `-ocr:`, even unfinished): such a query goes
 * to the server's ranked OCR / hybrid search (`POST /search/smart` with `query`), whatever search type the
 * search bar is set to; the server answers an unfinished or exclude-only query with a message.
 */
export const hasOcrSyntax = (input?: string | null): boolean => {
  if (!input) {
    return false;
  }
  const parsed = parseOcrQuery(input);
  return parsed.terms.length > 0 || parsed.incomplete;
};
