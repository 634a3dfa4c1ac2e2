/**
 * The search bar's view of a query: which `ocr:` terms it holds (for highlighting results, for the
 * hint chip, and for sending the query to the ranked OCR / hybrid search). Mirrors the server's grammar
 * (DESIGN.md §4: `ocr:word`, `ocr:"a phrase"`, `-ocr:word`, the rest free text; NFKC + lower case)
 * without its segmentation: the server stays the judge of a valid query.
 *
 * Also copied into Immich's web tree (web/src/lib/immich-lens/) by scripts/immich/copy-web-extension.sh,
 * so it keeps to Immich's lint and prettier settings and imports nothing.
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

const nextSpace = (text: string, from: number): number => {
  const match = /\s/.exec(text.slice(from));
  return match ? from + match.index : text.length;
};

export function parseOcrQuery(input: string): OcrQuery {
  const text = normalizeForMatch(input);
  const terms: OcrQueryTerm[] = [];
  const free: string[] = [];
  let incomplete = false;
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    const prefix = PREFIX.exec(text.slice(i, i + 5));
    if (!prefix) {
      const end = nextSpace(text, i);
      free.push(text.slice(i, end));
      i = end;
      continue;
    }
    i += prefix[0].length;
    const negated = prefix[1] === '-';
    let value: string;
    let phrase = false;
    if (text[i] === '"') {
      phrase = true;
      const close = text.indexOf('"', i + 1);
      const end = close === -1 ? text.length : close;
      if (close === -1) {
        incomplete = true;
      }
      value = text.slice(i + 1, end);
      i = close === -1 ? text.length : close + 1;
    } else {
      const end = nextSpace(text, i);
      value = text.slice(i, end);
      i = end;
    }
    value = value.trim();
    if (value) {
      terms.push({ text: value, phrase, negated });
    } else {
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
