import { quadSize } from './geometry';
import { TextLine } from './text-line';

/**
 * Reading order: rows top to bottom, boxes in a row left to right. Two boxes share a row when their
 * vertical centres are closer than half the smaller box height (Immich uses a fixed 10 px, which
 * merges rows of small text and splits rows of large text). An image whose lines are mostly upside
 * down is read from the bottom right.
 */
export function sortReadingOrder<T extends { line: TextLine }>(items: T[]): T[] {
  const measured = items.map((item) => {
    const q = item.line.detection.quad;
    const cy = (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4;
    const cx = (q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4;
    const { height } = quadSize(q);
    return { item, cx, cy, height };
  });
  measured.sort((a, b) => a.cy - b.cy);
  const rows: (typeof measured)[] = [];
  for (const m of measured) {
    const row = rows.at(-1);
    if (row) {
      const rowCy = row.reduce((s, r) => s + r.cy, 0) / row.length;
      const rowHeight = Math.min(...row.map((r) => r.height));
      if (Math.abs(m.cy - rowCy) < Math.min(rowHeight, m.height) / 2) {
        row.push(m);
        continue;
      }
    }
    rows.push([m]);
  }
  const ordered = rows.flatMap((row) => row.sort((a, b) => a.cx - b.cx)).map((m) => m.item);
  const flipped = items.filter((i) => i.line.rotated180).length;
  return flipped * 2 > items.length ? ordered.reverse() : ordered;
}
