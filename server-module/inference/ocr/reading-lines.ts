import { OcrResult } from './types';

/**
 * Joins the boxes of one visual row (already in reading order) into one line of text, separated by a
 * space: "item … price" on a receipt becomes one line, as a person reads it. Immich stores boxes;
 * search snippets and the benchmark compare lines.
 */
export function readingLines(result: OcrResult): string[] {
  const lines: string[] = [];
  let previous: { cy: number; height: number; left: number; right: number } | undefined;
  result.text.forEach((text, i) => {
    const b = result.box.slice(i * 8, i * 8 + 8);
    const ys = [b[1], b[3], b[5], b[7]];
    const cy = (ys[0] + ys[1] + ys[2] + ys[3]) / 4;
    const height = (Math.abs(b[7] - b[1]) + Math.abs(b[5] - b[3])) / 2;
    const left = Math.min(b[0], b[2], b[4], b[6]);
    const right = Math.max(b[0], b[2], b[4], b[6]);
    // Beside the previous box, on either side: boxes run right to left when the image is upside down.
    const beside = previous && (left >= previous.right - height || right <= previous.left + height);
    const sameRow = previous && beside && Math.abs(cy - previous.cy) < Math.min(height, previous.height) / 2;
    if (sameRow) lines[lines.length - 1] += ` ${text}`;
    else lines.push(text);
    previous = { cy, height, left, right };
  });
  return lines;
}
