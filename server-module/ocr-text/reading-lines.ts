import { readingRows } from './reading-order';
import type { OcrPage } from './ocr-boxes';

/**
 * The one OCR→lines rule: the boxes of each row (readingRows) joined by a space, rows in reading order.
 * "item … price" on a receipt becomes one line, as a person reads it. This is what `immich-lens ocr`
 * prints, what the search index stores (both hosts, the migration's backfill) and what the benchmark
 * scores. The boxes may come in any order. With the image's size (an engine run has it) vertical
 * lines are told apart and read right to left; stored boxes without it read as rows.
 */
export function readingLines(ocr: OcrPage): string[] {
  return pageRows(ocr).map((row) => row.map((i) => ocr.text[i]).join(' '));
}

/** readingRows of an image's boxes, measured by its size when known. */
export function pageRows(ocr: OcrPage): number[][] {
  return readingRows(ocr.box, ocr.width && ocr.height ? ocr.width / ocr.height : undefined);
}
