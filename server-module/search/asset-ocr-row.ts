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
