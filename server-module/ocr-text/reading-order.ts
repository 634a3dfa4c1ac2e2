/** Height / width from which a box holds a vertical line (read turned; its own line in reading order). */
export const VERTICAL_LINE = 1.5;

/** Which way a box's text runs: the direction of its first edge (the text's top-left → top-right corner). */
type Run = 'right' | 'down' | 'left' | 'up';

/**
 * The one reading-order rule, for the engine's output, the stored boxes Immich reads back and every
 * OCR→lines conversion: boxes (8 numbers each, corners clockwise from the text's top-left, any unit)
 * form rows when their vertical centres are closer than half the smaller box height (Immich's ML
 * service uses a fixed 10 px, which merges rows of small text and splits rows of large text); rows run
 * top to bottom, boxes in a row left to right. When most boxes run right to left (their first edge
 * points left: an upside-down page), the page is read from the bottom right. Centres are measured
 * along the page's slant (the median slope of the boxes' top edges), so a short line and the long
 * line under it on a page photographed askew stay two rows. A vertical line — one whose text runs down
 * or up (the engine's boxes start at the text's top-left, so they say so), or, given the image's aspect
 * (width / height, for boxes in fractions of it; 1 for pixels), a box running right at least
 * VERTICAL_LINE times as tall as wide in pixels (Immich ML's boxes of vertical text) — is a row of its
 * own: lines running down sit side by side right to left (vertical Chinese, a page turned 90°
 * clockwise), lines running up left to right (a page turned 90° counter-clockwise). Returns the rows as
 * lists of box indices.
 */
export function readingRows(box: ArrayLike<number>, aspect?: number): number[][] {
  const count = Math.floor(box.length / 8);
  const at = (i: number, k: number) => box[i * 8 + k];
  const runs = Array.from({ length: count }, (_, i) => textRun(box, i, aspect ?? 1));
  const sign = runs.filter((run) => run === 'left').length * 2 > count ? -1 : 1;
  const slopes: number[] = [];
  for (let i = 0; i < count; i++) {
    const dx = at(i, 2) - at(i, 0);
    const dy = at(i, 3) - at(i, 1);
    if (Math.abs(dy) < Math.abs(dx)) slopes.push(dy / dx);
  }
  slopes.sort((a, b) => a - b);
  const slope = slopes.length > 0 ? slopes[slopes.length >> 1] : 0;
  const vertical = runs.map((run, i) => run === 'down' || run === 'up' || (run === 'right' && aspect !== undefined && tallInPixels(box, i, aspect)));
  const measured = Array.from({ length: count }, (_, i) => {
    const ys = [1, 3, 5, 7].map((k) => at(i, k));
    const cx = (sign * (at(i, 0) + at(i, 2) + at(i, 4) + at(i, 6))) / 4;
    const cy = (sign * ys.reduce((sum, y) => sum + y, 0)) / 4;
    return {
      index: i,
      cx,
      cy: cy - slope * cx,
      // a row's height: the vertical extent of its two short sides (unit-consistent with cy whatever the
      // box's skew); a vertical line's: its vertical span
      height: vertical[i] ? Math.max(...ys) - Math.min(...ys) : (Math.abs(at(i, 7) - at(i, 1)) + Math.abs(at(i, 5) - at(i, 3))) / 2,
      // on an upside-down page the frame is turned, and so is each line's direction
      upward: (runs[i] === 'up') !== (sign < 0),
    };
  });
  const rows: Array<typeof measured> = [];
  measured.sort((a, b) => a.cy - b.cy || a.cx - b.cx);
  for (const m of measured) {
    if (vertical[m.index]) continue;
    const row = rows.at(-1);
    if (row) {
      const rowCy = row.reduce((sum, r) => sum + r.cy, 0) / row.length;
      const rowHeight = Math.min(...row.map((r) => r.height));
      if (Math.abs(m.cy - rowCy) < Math.min(rowHeight, m.height) / 2) {
        row.push(m);
        continue;
      }
    }
    rows.push([m]);
  }
  // vertical blocks go before the first row below their centre
  const centre = (row: typeof measured) => row.reduce((sum, r) => sum + r.cy, 0) / row.length;
  for (const column of verticalRows(measured.filter((m) => vertical[m.index]))) {
    const below = rows.findIndex((row) => !vertical[row[0].index] && centre(row) > column[0].cy);
    rows.splice(below < 0 ? rows.length : below, 0, column);
  }
  return rows.map((row) => row.sort((a, b) => a.cx - b.cx).map((m) => m.index));
}

/** The direction of box i's first edge, x measured in units of y (`xScale`: the image's aspect for fractions). */
function textRun(box: ArrayLike<number>, i: number, xScale: number): Run {
  const dx = (box[i * 8 + 2] - box[i * 8]) * xScale;
  const dy = box[i * 8 + 3] - box[i * 8 + 1];
  if (Math.abs(dx) >= Math.abs(dy)) return dx < 0 ? 'left' : 'right';
  return dy > 0 ? 'down' : 'up';
}

/** Whether box i's left side is at least VERTICAL_LINE times its top side, in pixels. */
function tallInPixels(box: ArrayLike<number>, i: number, aspect: number): boolean {
  const at = (k: number) => box[i * 8 + k];
  return Math.hypot((at(6) - at(0)) * aspect, at(7) - at(1)) >= VERTICAL_LINE * Math.hypot((at(2) - at(0)) * aspect, at(3) - at(1));
}

/**
 * Vertical lines, each a row: those whose vertical spans overlap form one block, read right to left
 * (left to right when most of its lines run up); every row of a block sorts at the block's centre, so
 * other rows do not come between its columns.
 */
function verticalRows<T extends { cx: number; cy: number; height: number; upward: boolean }>(lines: T[]): T[][] {
  const blocks: T[][] = [];
  for (const line of lines.slice().sort((a, b) => a.cy - b.cy)) {
    const block = blocks.find((b) => b.some((o) => Math.abs(o.cy - line.cy) < (o.height + line.height) / 2));
    if (block) block.push(line);
    else blocks.push([line]);
  }
  return blocks.flatMap((block) => {
    const cy = block.reduce((sum, l) => sum + l.cy, 0) / block.length;
    const direction = block.filter((l) => l.upward).length * 2 > block.length ? 1 : -1;
    return block.sort((a, b) => direction * (a.cx - b.cx)).map((l) => [{ ...l, cy }]);
  });
}
