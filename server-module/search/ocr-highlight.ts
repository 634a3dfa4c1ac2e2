/**
 * Which OCR boxes of a photo a search matched, for the viewer to highlight them: the positive terms
 * of the search (`ocr:` terms of a smart search query, every word of an OCR-mode search) found in the
 * rows of boxes (the one reading-order rule), a match across the boxes of a row marking each box it
 * touches. Matching is on normalised text (NFKC, lower case, spaces between CJK characters closed),
 * like the index. Pure: Immich's web copies it (scripts/immich/copy-web-files.sh).
 */
import { readingRows } from '../inference/ocr/reading-order';
import type { AssetOcrRow } from './asset-ocr-row';
import { CJK_CLASS, normalizeText } from './normalize';
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

/**
 * The ids of the boxes where one of the terms occurs. Rows are searched as the index has them: apart,
 * except that Chinese text runs on from a row ending in a CJK character to one starting with one.
 */
export function matchingBoxIds(boxes: OcrBoxText[], terms: string[]): Set<string> {
  const matched = new Set<string>();
  if (terms.length === 0 || boxes.length === 0) {
    return matched;
  }
  // blocks of rows (a row, or rows Chinese text runs on through): their normalised text, and the box
  // each character came from (-1: the space between two boxes of a row)
  const blocks: Array<{ text: string; owner: number[] }> = [];
  const corners = boxes.flatMap((b) => [b.x1, b.y1, b.x2, b.y2, b.x3, b.y3, b.x4, b.y4]);
  for (const row of readingRows(corners)) {
    const parts = row.map((index) => ({ index, part: compact(boxes[index].text) })).filter(({ part }) => part !== '');
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
            matched.add(boxes[map[k]].id);
          }
        }
      }
    }
  }
  return matched;
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
