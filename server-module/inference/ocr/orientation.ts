import type { TextLine } from './text-line';

/** PaddleOCR's `cls_thresh`: a line is turned against its page only when the classifier is this sure. */
export const FLIP_THRESHOLD = 0.9;

/**
 * The page-level decision: a page is upside down when the classifier's votes, each weighted by the
 * line's length (long lines are judged more reliably), say most of its text is.
 */
export function pageUpsideDown(upsideDown: number[], lines: TextLine[]): boolean {
  let votes = 0;
  let weight = 0;
  lines.forEach((line, i) => {
    const w = line.ratio * line.height;
    votes += w * upsideDown[i];
    weight += w;
  });
  return weight > 0 && votes / weight > 0.5;
}

/** Per line: the page's direction, unless the classifier is sure of the other (a turned sign in a photo). */
export function lineDirections(upsideDown: number[], page: boolean): boolean[] {
  return upsideDown.map((p) => (page ? p > 1 - FLIP_THRESHOLD : p > FLIP_THRESHOLD));
}
