/**
 * The search bar's view of a query: which `ocr:` terms it holds (for highlighting results and for the
 * hint chip). Mirrors the server's grammar (DESIGN.md §4: `ocr:word`, `ocr:"a phrase"`, `-ocr:word`,
 * the rest free text; NFKC + lower case) without its segmentation: the server stays the judge of a
 * valid query, this only says what to mark in the results.
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

export function parseOcrQuery(input: string): OcrQuery {
  const text = normalizeForMatch(input);
  const terms: OcrQueryTerm[] = [];
  const free: string[] = [];
  let incomplete = false;
  let i = 0;
  const nextSpace = (from: number) => {
    const m = /\s/.exec(text.slice(from));
    return m ? from + m.index : text.length;
  };
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    const prefix = PREFIX.exec(text.slice(i, i + 5));
    if (!prefix) {
      const end = nextSpace(i);
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
      if (close === -1) incomplete = true;
      value = text.slice(i + 1, close === -1 ? text.length : close);
      i = close === -1 ? text.length : close + 1;
    } else {
      const end = nextSpace(i);
      value = text.slice(i, end);
      i = end;
    }
    value = value.trim();
    if (value) terms.push({ text: value, phrase, negated });
    else incomplete = true;
  }
  return { terms, freeText: free.join(' '), incomplete };
}

/** What to mark in matched OCR lines: the positive terms' words (a phrase's words too), longest first. */
export function highlightTerms(query: OcrQuery | string): string[] {
  const parsed = typeof query === 'string' ? parseOcrQuery(query) : query;
  const words = parsed.terms.filter((t) => !t.negated).flatMap((t) => [t.text, ...(t.phrase ? t.text.split(/\s+/) : [])]);
  return [...new Set(words.filter(Boolean))].sort((a, b) => b.length - a.length);
}

export const hasOcrTerms = (input: string): boolean => parseOcrQuery(input).terms.some((t) => !t.negated);
