/**
 * Which OCR boxes of a photo a search matched, for the viewer to highlight them: the positive terms
 * of the search (`ocr:` terms of a smart search query, every word of an OCR-mode search) found in the
 * rows of boxes (the one reading-order rule), a match across the boxes of a row marking each box it
 * touches. Matching is on normalised text (NFKC, lower case, spaces between CJK characters closed),
 * like the index. Pure: Immich's web copies it (scripts/immich/copy-web-files.sh).
 */
import { readingRows } from '../inference/ocr/reading-order';
import type { AssetOcrRow } from './asset-ocr-row';
import { normalizeText } from './normalize';
import { parseOcrQuery } from './ocr-grammar';

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

/** The ids of the boxes where one of the terms occurs. */
export function matchingBoxIds(boxes: OcrBoxText[], terms: string[]): Set<string> {
  const matched = new Set<string>();
  if (terms.length === 0 || boxes.length === 0) {
    return matched;
  }
  const corners = boxes.flatMap((b) => [b.x1, b.y1, b.x2, b.y2, b.x3, b.y3, b.x4, b.y4]);
  for (const row of readingRows(corners)) {
    // the row's text, normalised, with the box each of its characters came from
    let text = '';
    const owner: number[] = [];
    for (const index of row) {
      const part = compact(boxes[index].text);
      if (text !== '' && part !== '') {
        text += ' ';
        owner.push(-1);
      }
      text += part;
      for (let k = 0; k < part.length; k++) {
        owner.push(index);
      }
    }
    const joined = compact(text); // spaces between CJK characters of neighbouring boxes close too
    const map = realign(text, joined, owner);
    for (const term of terms) {
      for (let at = joined.indexOf(term); at !== -1; at = joined.indexOf(term, at + 1)) {
        for (let k = at; k < at + term.length; k++) {
          if (map[k] >= 0) {
            matched.add(boxes[map[k]].id);
          }
        }
      }
    }
  }
  return matched;
}

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
