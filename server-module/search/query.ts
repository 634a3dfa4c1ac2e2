import { normalizeChars } from '../ocr-text/normalize';
import { scanOcrQuery } from '../ocr-text/ocr-grammar';
import { QueryUnit, segmentQuery } from './segment';
import { toAnchorTsqueryText, toTsqueryText, TsqueryForm } from './tsquery-text';

/** A search query the user must fix; maps to HTTP 400 with `message`. */
export class SearchQueryError extends Error {
  readonly status = 400;
  constructor(message: string) {
    super(message);
    this.name = 'SearchQueryError';
  }
}

export interface OcrTerm {
  /** normalised term text as typed (without `ocr:` and quotes) */
  text: string;
  phrase: boolean;
  negated: boolean;
  units: QueryUnit[];
}

/** The one model of a search query: parsed once, then planned and searched. */
export interface SearchQuery {
  ocrTerms: OcrTerm[];
  /** normalised free text for CLIP; '' when there is none */
  freeText: string;
}

/** The tsquery pair a search sends for OCR terms (see TsqueryForm in segment.ts). */
export interface OcrTsqueries {
  /** what the index is asked for: only entries it reads cheaply */
  index: string;
  /** what decides a match */
  precise: string;
}

export const MAX_QUERY_CHARS = 1000;
export const MAX_OCR_TERMS = 16;
const MAX_UNITS = 64;

/** The one wording of a query with OCR terms but none that is not excluded. */
export const ONLY_EXCLUDES = 'A "-ocr:" term only excludes photos: add a word to search for';

/** Parses `ocr:word`, `ocr:"a phrase"`, `-ocr:word` (NOT) and free text (DESIGN.md §4). */
export function parseSearchQuery(input: unknown): SearchQuery {
  return checkSearchQuery(readSearchQuery(input));
}

/**
 * The terms (each checked) and free text of one query text; the query as a whole is checked by
 * checkSearchQuery, so that terms from elsewhere (Immich's `ocr` filter) can join it first.
 */
export function readSearchQuery(input: unknown): SearchQuery {
  if (typeof input !== 'string') throw new SearchQueryError('The search query must be a string');
  const text = normalizeChars(input).trim();
  if (text.length === 0) throw new SearchQueryError('The search query is empty');
  if (text.length > MAX_QUERY_CHARS) {
    throw new SearchQueryError(`The search query is too long (${text.length} characters; at most ${MAX_QUERY_CHARS})`);
  }
  const ocrTerms: OcrTerm[] = [];
  const free: string[] = [];
  for (const token of scanOcrQuery(text)) {
    if (token.kind === 'free') free.push(token.text);
    else ocrTerms.push(ocrTerm(token.value, token));
  }
  return { ocrTerms, freeText: free.join(' ') };
}

/** One `ocr:` term, segmented; a SearchQueryError when it has nothing to search for or too much. */
function ocrTerm(value: string, { negated, phrase }: { negated: boolean; phrase: boolean }): OcrTerm {
  const operator = `${negated ? '-' : ''}ocr:`;
  if (value.length === 0) {
    throw new SearchQueryError(`Empty "${operator}" term: write e.g. ${operator}发票 or ${operator}"a phrase"`);
  }
  const units = segmentQuery(value);
  if (units.length === 0) {
    throw new SearchQueryError(`"${operator}${value}" has no letters or digits to search for`);
  }
  if (units.length > MAX_UNITS) {
    throw new SearchQueryError(`"${operator}" term is too long (at most ${MAX_UNITS} words or characters)`);
  }
  return { text: value, phrase, negated, units };
}

/** A whole query: not too many terms, and something to search for (free text or a term not excluded). */
export function checkSearchQuery(query: SearchQuery): SearchQuery {
  const { ocrTerms } = query;
  if (ocrTerms.length > MAX_OCR_TERMS) {
    throw new SearchQueryError(`Too many ocr: terms (${ocrTerms.length}; at most ${MAX_OCR_TERMS})`);
  }
  const hasFreeText = segmentQuery(query.freeText).length > 0;
  if (!hasFreeText && !ocrTerms.some((t) => !t.negated)) {
    throw new SearchQueryError(ocrTerms.length > 0 ? ONLY_EXCLUDES : 'The search query has no letters or digits to search for');
  }
  return { ocrTerms, freeText: hasFreeText ? query.freeText : '' };
}

/**
 * Immich's OCR search mode (`POST /search/metadata {ocr}`, the mobile app): the text is what the user
 * saw in the photo, so every free word is an OCR term (AND) after the query's own `ocr:` terms.
 */
export function ocrModeQuery(text: unknown): SearchQuery {
  const parsed = parseSearchQuery(text);
  const words = parsed.freeText.split(/\s+/).filter(Boolean);
  if (words.some((w) => w.includes('"'))) throw new SearchQueryError('Unbalanced quote in the query');
  const wordTerms = words.map((w) => ocrTerm(w, { negated: false, phrase: false }));
  return checkSearchQuery({ ocrTerms: [...parsed.ocrTerms, ...wordTerms], freeText: '' });
}

/**
 * tsquery text for the ocr: terms (AND, with NOT), or null when there is no positive term. The
 * index form (see TsqueryForm) leaves out the NOT terms: it only narrows what the index returns.
 */
export function ocrTermsTsquery(terms: OcrTerm[], form: TsqueryForm = 'precise'): string | null {
  const positive = terms.filter((t) => !t.negated).map((t) => toTsqueryText(t.units, form));
  if (positive.length === 0) return null;
  if (form === 'index') return positive.join(' & ');
  const negative = terms.filter((t) => t.negated).map((t) => `!${toTsqueryText(t.units)}`);
  return [...positive, ...negative].join(' & ');
}

/**
 * tsquery text matching any word of free text (the OCR list of hybrid search), or null. Free text
 * is written for CLIP ("a cat on the sofa"), so Latin words match whole tokens (or token endings)
 * rather than as prefixes, and one-letter Latin words are dropped: `'a'` would match nearly
 * every document and make the OCR list expensive for no signal.
 */
export function freeTextTsquery(freeText: string): string | null {
  const parts = freeText
    .split(/\s+/)
    .map((word) => segmentQuery(word).map((unit) => (unit.kind === 'word' ? { ...unit, prefix: false } : unit)))
    .filter((units) => units.length > 0 && !(units.length === 1 && units[0].kind === 'word' && Array.from(units[0].lexeme).length < 2))
    .slice(0, MAX_OCR_TERMS)
    .map((units) => toTsqueryText(units.slice(0, MAX_UNITS)));
  return parts.length > 0 ? [...new Set(parts)].join(' | ') : null;
}

/**
 * Characters OCR reads for one another in Latin text (after lower-casing): `0`/`o`, `1`/`l`/`i`,
 * `5`/`s`, `8`/`b`, `2`/`z`.
 */
const CONFUSABLE = ['0o', '1li', '5s', '8b', '2z'];
const CONFUSED_WITH = new Map<string, string[]>();
for (const group of CONFUSABLE) for (const c of group) CONFUSED_WITH.set(c, [...group].filter((d) => d !== c));
/** Variants of one term that are tried (one substitution each). */
const MAX_VARIANTS = 16;

/** The term with one confusable character swapped, each way it can be: `粉红school` → `粉红schoo1`… */
function termVariants(term: OcrTerm): QueryUnit[][] {
  const chars = Array.from(term.text);
  const exact = toTsqueryText(term.units);
  const seen = new Set([exact]);
  const variants: QueryUnit[][] = [];
  for (let i = 0; i < chars.length && variants.length < MAX_VARIANTS; i++) {
    for (const other of CONFUSED_WITH.get(chars[i]) ?? []) {
      const units = segmentQuery([...chars.slice(0, i), other, ...chars.slice(i + 1)].join(''));
      const text = toTsqueryText(units);
      if (units.length === 0 || units.length > MAX_UNITS || seen.has(text)) continue;
      seen.add(text);
      variants.push(units);
      if (variants.length >= MAX_VARIANTS) break;
    }
  }
  return variants;
}

/**
 * The documents the ocr: terms match only with one of OCR's usual confusions per term (`school`
 * finds `SCHOO1`, `PB03` finds `P803`), not exactly, as the precise tsquery and an index tsquery
 * asking only for selective entries; null when no term has a confusable character. Variants left
 * without a selective entry (`0881` → `0b81`: only `^81` would be left) are not tried. searchOcr
 * lists these matches when nothing matches exactly.
 */
export function confusableTermsTsquery(terms: OcrTerm[]): OcrTsqueries | null {
  const positive = terms.filter((t) => !t.negated);
  if (positive.length === 0) return null;
  let any = false;
  const index: string[] = [];
  const precise: string[] = [];
  for (const term of positive) {
    const variants = termVariants(term).filter((units) => toAnchorTsqueryText(units) !== null);
    if (variants.length > 0) any = true;
    const forms = [term.units, ...variants];
    index.push(`(${[...new Set(forms.map((units) => toAnchorTsqueryText(units) ?? toTsqueryText(units, 'index')))].join(' | ')})`);
    precise.push(`(${forms.map((units) => toTsqueryText(units)).join(' | ')})`);
  }
  if (!any) return null;
  const negative = terms.filter((t) => t.negated).map((t) => `!${toTsqueryText(t.units)}`);
  return {
    index: index.join(' & '),
    precise: [...precise, `!(${ocrTermsTsquery(terms, 'precise')})`, ...negative].join(' & '),
  };
}

/**
 * The tsquery pair a search sends for the terms: for their exact matches, or for the matches that need
 * an OCR confusion (a pair that matches nothing when no term has one).
 */
export function ocrTsqueries(terms: OcrTerm[], matches: 'exact' | 'confusable'): OcrTsqueries {
  const precise = ocrTermsTsquery(terms);
  if (!precise) throw new SearchQueryError(ONLY_EXCLUDES);
  if (matches === 'exact') return { index: ocrTermsTsquery(terms, 'index')!, precise };
  return confusableTermsTsquery(terms) ?? { index: precise, precise: `${precise} & !(${precise})` };
}
