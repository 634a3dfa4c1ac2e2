/**
 * The one "what did this search match" rule, for Immich's viewer, the standalone API and the demo
 * page: the positive terms of the search (`ocr:` terms of a smart search query, every word of an
 * OCR-mode search; free text goes to CLIP and marks nothing) found in the rows of boxes (the one
 * reading-order rule), a match across the boxes of a row marking each box it touches, Chinese text
 * running on from one row into the next as in the index. Matching is on normalised text (NFKC, lower
 * case, spaces between CJK characters closed), like the index.
 */
import { CJK_CLASS, normalizeChars, normalizeText } from './normalize';
import type { AssetOcrRow, OcrPage } from './ocr-boxes';
import { ocrFromRows } from './ocr-boxes';
import { parseOcrQuery } from './ocr-grammar';
import { pageRows } from './reading-lines';

/** A stored OCR box as Immich's web has it (`GET /assets/:id/ocr`). */
export interface OcrBoxText extends AssetOcrRow {
  id: string;
}

/** The texts to find for a search request: `query` (smart search, `ocr:` grammar) and/or `ocr` (the OCR search mode). */
export function ocrSearchTerms(search: { query?: unknown; ocr?: unknown }): string[] {
  const terms: string[] = [];
  if (typeof search.query === 'string') {
    terms.push(...parseOcrQuery(search.query).terms.filter((term) => !term.negated).map((term) => term.text));
  }
  if (typeof search.ocr === 'string') {
    const parsed = parseOcrQuery(search.ocr);
    terms.push(...parsed.terms.filter((term) => !term.negated).map((term) => term.text), ...parsed.freeText.split(/\s+/));
  }
  return [...new Set(terms.map((term) => compact(term)).filter((term) => term !== ''))];
}

/** ocrSearchTerms of a search page URL's `query` parameter (Immich's web: JSON of the search request). */
export function ocrSearchTermsOfUrl(queryParameter: string | null): string[] {
  try {
    const search: unknown = JSON.parse(queryParameter ?? 'null');
    return search && typeof search === 'object' ? ocrSearchTerms(search) : [];
  } catch {
    return [];
  }
}

/**
 * The ids of the boxes where one of the terms occurs (Immich's viewer). `size`: the image's oriented
 * size (the asset's width and height), by which the reading order measures the boxes.
 */
export function matchingBoxIds(boxes: OcrBoxText[], terms: string[], size: { width?: number | null; height?: number | null } = {}): Set<string> {
  const matched = matchingBoxes({ ...ocrFromRows(boxes), width: size.width, height: size.height }, terms);
  return new Set([...matched].map((index) => boxes[index].id));
}

/** The rows (reading lines) of an image that hold a match, in reading order: what a search result lists. */
export function matchingLines(ocr: OcrPage, terms: string[]): string[] {
  const rows = pageRows(ocr);
  const matched = matchingBoxesInRows(ocr.text, rows, terms);
  return rows
    .filter((row) => row.some((index) => matched.has(index)))
    .map((row) => row.map((index) => ocr.text[index]).join(' '));
}

/**
 * The indices of the boxes where one of the terms occurs. Rows are searched as the index has them:
 * apart, except that Chinese text runs on from a row ending in a CJK character to one starting with one.
 */
export function matchingBoxes(ocr: OcrPage, terms: string[]): Set<number> {
  return matchingBoxesInRows(ocr.text, pageRows(ocr), terms);
}

/** matchingBoxes over rows already put in reading order. */
function matchingBoxesInRows(text: string[], rows: number[][], terms: string[]): Set<number> {
  const matched = new Set<number>();
  if (terms.length === 0 || text.length === 0) {
    return matched;
  }
  // blocks of rows (a row, or rows Chinese text runs on through): their normalised text, and the box
  // each character came from (-1: the space between two boxes of a row)
  const blocks: Array<{ text: string; owner: number[] }> = [];
  for (const row of rows) {
    const parts = row.map((index) => ({ index, part: compact(text[index]) })).filter(({ part }) => part !== '');
    if (parts.length === 0) {
      continue;
    }
    const last = blocks.at(-1);
    const block = last && CJK_END.test(last.text) && CJK_START.test(parts[0].part) ? last : { text: '', owner: [] };
    if (block !== last) {
      blocks.push(block);
    }
    for (const [k, { index, part }] of parts.entries()) {
      if (k > 0) {
        block.text += ' ';
        block.owner.push(-1);
      }
      block.text += part;
      for (let c = 0; c < part.length; c++) {
        block.owner.push(index);
      }
    }
  }
  for (const block of blocks) {
    const joined = compact(block.text); // spaces between CJK characters of neighbouring boxes close too
    const map = realign(block.text, joined, block.owner);
    for (const term of terms) {
      for (let at = joined.indexOf(term); at !== -1; at = joined.indexOf(term, at + 1)) {
        for (let k = at; k < at + term.length; k++) {
          if (map[k] >= 0) {
            matched.add(map[k]);
          }
        }
      }
    }
  }
  return matched;
}

export interface Segment {
  text: string;
  match: boolean;
}

/**
 * A line split into marked and plain segments for the terms (ocrSearchTerms), the original characters
 * kept: each is normalised on its own and mapped back, and spaces between CJK characters are skipped
 * as the index skips them, so `发 票` is marked for 发票.
 */
export function highlightSegments(line: string, terms: string[]): Segment[] {
  const chars = Array.from(line);
  const forms = chars.map((c) => normalizeChars(c));
  const isSpace = (form: string) => form.trim() === '';
  const neighbour = (from: number, step: number) => {
    let k = from;
    while (k >= 0 && k < forms.length && isSpace(forms[k])) k += step;
    return forms[k] ?? '';
  };
  let normalized = '';
  const owner: number[] = []; // normalized code unit → index in chars
  forms.forEach((form, index) => {
    const inCjkGap = isSpace(form) && CJK_END.test(neighbour(index, -1)) && CJK_START.test(neighbour(index, 1));
    const n = inCjkGap ? '' : form;
    normalized += n;
    for (let k = 0; k < n.length; k++) owner.push(index);
  });
  const marked = new Array<boolean>(chars.length).fill(false);
  for (const term of terms.filter(Boolean)) {
    for (let at = normalized.indexOf(term); at !== -1; at = normalized.indexOf(term, at + term.length)) {
      for (let k = owner[at]; k <= owner[at + term.length - 1]; k++) marked[k] = true;
    }
  }
  const segments: Segment[] = [];
  chars.forEach((c, index) => {
    const last = segments.at(-1);
    if (last && last.match === marked[index]) last.text += c;
    else segments.push({ text: c, match: marked[index] });
  });
  return segments;
}

const CJK_END = new RegExp(`[${CJK_CLASS}]$`, 'u');
const CJK_START = new RegExp(`^[${CJK_CLASS}]`, 'u');

/** normalizeText with runs of whitespace as one space and no space at either end. */
function compact(text: string): string {
  return normalizeText(text).replaceAll(/\s+/g, ' ').trim();
}

/** The owners of `joined`'s characters, `joined` being `text` with some spaces removed. */
function realign(text: string, joined: string, owner: number[]): number[] {
  const map: number[] = [];
  let i = 0;
  for (const char of joined) {
    while (i < text.length && text[i] !== char) {
      i++;
    }
    map.push(owner[i] ?? -1);
    i++;
  }
  return map;
}
