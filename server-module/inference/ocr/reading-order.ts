import { VERTICAL_LINE } from './text-line';

/**
 * The one reading-order rule, for the engine's output, the stored boxes Immich reads back and every
 * OCR→lines conversion: boxes (8 numbers each, corners clockwise from the text's top-left, any unit)
 * form rows when their vertical centres are closer than half the smaller box height (Immich's ML
 * service uses a fixed 10 px, which merges rows of small text and splits rows of large text); rows run
 * top to bottom, boxes in a row left to right. When most boxes run right to left (their first edge
 * points left: an upside-down page), the page is read from the bottom right. Centres are measured
 * along the page's slant (the median slope of the boxes' top edges), so a short line and the long
 * line under it on a page photographed askew stay two rows. Given the image's aspect (width /
 * height, for boxes in fractions of it; 1 for pixels), a vertical line (a box at least VERTICAL_LINE
 * times as tall as wide, in pixels) is a row of its own, and vertical lines side by side read right to
 * left, as vertical Chinese does. Returns the rows as lists of box indices.
 */
export function readingRows(box: ArrayLike<number>, aspect?: number): number[][] {
  const count = Math.floor(box.length / 8);
  const at = (i: number, k: number) => box[i * 8 + k];
  let upsideDown = 0;
  const slopes: number[] = [];
  for (let i = 0; i < count; i++) {
    const dx = at(i, 2) - at(i, 0);
    const dy = at(i, 3) - at(i, 1);
    if (dx < 0 && Math.abs(dx) >= Math.abs(dy)) upsideDown++;
    if (Math.abs(dy) < Math.abs(dx)) slopes.push(dy / dx);
  }
  const sign = upsideDown * 2 > count ? -1 : 1;
  slopes.sort((a, b) => a - b);
  const slope = slopes.length > 0 ? slopes[slopes.length >> 1] : 0;
  const measured = Array.from({ length: count }, (_, i) => {
    const cx = (sign * (at(i, 0) + at(i, 2) + at(i, 4) + at(i, 6))) / 4;
    const cy = (sign * (at(i, 1) + at(i, 3) + at(i, 5) + at(i, 7))) / 4;
    return {
      index: i,
      cx,
      cy: cy - slope * cx,
      // the vertical extent of the two short sides: unit-consistent with cy whatever the box's skew
      height: (Math.abs(at(i, 7) - at(i, 1)) + Math.abs(at(i, 5) - at(i, 3))) / 2,
    };
  });
  // boxes in fractions of the image are measured in its pixels; with no aspect no box is vertical
  const vertical = Array.from(
    { length: count },
    (_, i) =>
      aspect !== undefined &&
      Math.hypot((at(i, 6) - at(i, 0)) * aspect, at(i, 7) - at(i, 1)) >= VERTICAL_LINE * Math.hypot((at(i, 2) - at(i, 0)) * aspect, at(i, 3) - at(i, 1)),
  );
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

/**
 * Vertical lines, each a row: those whose vertical spans overlap form one block, read right to left;
 * every row of a block sorts at the block's centre, so other rows do not come between its columns.
 */
function verticalRows<T extends { cx: number; cy: number; height: number }>(lines: T[]): T[][] {
  const blocks: T[][] = [];
  for (const line of lines.slice().sort((a, b) => a.cy - b.cy)) {
    const block = blocks.find((b) => b.some((o) => Math.abs(o.cy - line.cy) < (o.height + line.height) / 2));
    if (block) block.push(line);
    else blocks.push([line]);
  }
  return blocks.flatMap((block) => {
    const cy = block.reduce((sum, l) => sum + l.cy, 0) / block.length;
    return block.sort((a, b) => b.cx - a.cx).map((l) => [{ ...l, cy }]);
  });
}
