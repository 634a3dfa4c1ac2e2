/**
 * The one conversion between the two shapes OCR boxes come in: Immich's ML result (flat arrays, 8
 * numbers per text: x1,y1 … x4,y4 clockwise from the text's top-left, as fractions of the image) and
 * `asset_ocr` rows (one row per box, the same corners as columns).
 */

/** Texts and their boxes, the part of Immich's `OCR` shape that reading order and matching need. */
export interface OcrBoxes {
  text: string[];
  box: number[];
}

/** An image's boxes with its size (oriented, in pixels) when known: the reading order measures boxes in pixels by it. */
export interface OcrPage extends OcrBoxes {
  width?: number | null;
  height?: number | null;
}

/** An `asset_ocr` row: one box of text (Immich's table; the standalone host has the same columns). */
export interface AssetOcrRow {
  text: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  x3: number;
  y3: number;
  x4: number;
  y4: number;
}

/** Rows as flat arrays (any extra columns dropped). */
export function ocrFromRows(rows: readonly AssetOcrRow[]): OcrBoxes {
  return {
    text: rows.map((r) => r.text),
    box: rows.flatMap((r) => [r.x1, r.y1, r.x2, r.y2, r.x3, r.y3, r.x4, r.y4]),
  };
}

/** Flat arrays as rows, each with `extra(i)`'s columns (ids, scores) beside the text and corners. */
export function rowsFromOcr<T extends object = object>(ocr: OcrBoxes, extra: (index: number) => T = () => ({}) as T): Array<AssetOcrRow & T> {
  return ocr.text.map((text, i) => {
    const [x1, y1, x2, y2, x3, y3, x4, y4] = ocr.box.slice(i * 8, i * 8 + 8);
    return { ...extra(i), text, x1, y1, x2, y2, x3, y3, x4, y4 };
  });
}

/**
 * OCR text that comes without geometry (import-ocr, tests, benchmarks) as boxes: one per line, full
 * width, stacked top to bottom, so the lines stay lines wherever boxes are read back.
 */
export function ocrFromText(text: string): OcrBoxes & { boxScore: number[]; textScore: number[] } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const h = 1 / Math.max(1, lines.length);
  return {
    text: lines,
    box: lines.flatMap((_, i) => [0, i * h, 1, i * h, 1, (i + 0.9) * h, 0, (i + 0.9) * h]),
    boxScore: lines.map(() => 1),
    textScore: lines.map(() => 1),
  };
}
