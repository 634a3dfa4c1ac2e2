import { readingRows } from './reading-order';
import type { OCR } from './types';

/**
 * The one OCR→lines rule: the boxes of each row (readingRows) joined by a space, rows in reading order.
 * "item … price" on a receipt becomes one line, as a person reads it. This is what `immich-lens ocr`
 * prints, what the search index stores (both hosts, the migration's backfill) and what the benchmark
 * scores. The boxes may come in any order.
 */
export function readingLines(ocr: Pick<OCR, 'text' | 'box'>): string[] {
  return readingRows(ocr.box).map((row) => row.map((i) => ocr.text[i]).join(' '));
}
