import type { OCR } from './local-machine-learning.repository';

/**
 * OCR text that comes without geometry (import-ocr) in Immich's OCR shape: one box per line, full
 * width, stacked top to bottom, so the lines stay separate lines wherever boxes are read back.
 */
export function ocrFromText(text: string): OCR {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const h = 1 / Math.max(1, lines.length);
  return {
    text: lines,
    box: lines.flatMap((_, i) => [0, i * h, 1, i * h, 1, (i + 0.9) * h, 0, (i + 0.9) * h]),
    boxScore: lines.map(() => 1),
    textScore: lines.map(() => 1),
  };
}
