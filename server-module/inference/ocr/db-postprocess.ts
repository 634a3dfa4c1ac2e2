import { convexHull, minAreaRect, orderCorners, rectCorners } from './geometry';
import { DetectedBox, Point, Quad } from './types';

export interface DbPostprocessOptions {
  /** Pixel probability above which a pixel is text. */
  threshold: number;
  /** Minimum mean probability inside a box (Immich's `minDetectionScore`). */
  boxThreshold: number;
  unclipRatio: number;
  maxCandidates: number;
  dilate: boolean;
  minSize: number;
}

export const DB_DEFAULTS: DbPostprocessOptions = {
  threshold: 0.3,
  boxThreshold: 0.5,
  unclipRatio: 1.6,
  maxCandidates: 1000,
  dilate: true,
  minSize: 3,
};

export interface ProbabilityMap {
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * DB (differentiable binarisation) post-processing as in PaddleOCR/RapidOCR: binarise, dilate 2×2,
 * take each connected text region, fit a min-area rectangle, score it, grow it by the unclip distance
 * and map it onto the source image. Hand-written rather than OpenCV-WASM: labelling plus rotating
 * calipers is a few milliseconds per map and avoids loading a 10 MB WASM module into every worker.
 */
export function dbPostprocess(
  map: ProbabilityMap,
  /** map pixel → source image pixel (scale, letterbox offset, clamp to the image) */
  toSource: (p: Point) => Point,
  options: DbPostprocessOptions = DB_DEFAULTS,
): DetectedBox[] {
  const { width, height, data } = map;
  const bitmap = binarise(map, options.threshold, options.dilate);
  const boxes: DetectedBox[] = [];

  for (const region of connectedRegions(bitmap, width, height)) {
    if (boxes.length >= options.maxCandidates) break;
    const rect = minAreaRect(region);
    if (Math.min(rect.width, rect.height) < options.minSize) continue;
    const corners = rectCorners(rect);
    const score = meanInsidePolygon(data, width, height, corners);
    if (score < options.boxThreshold) continue;

    const area = rect.width * rect.height;
    const perimeter = 2 * (rect.width + rect.height);
    const grow = (area * options.unclipRatio) / perimeter;
    const grown = { ...rect, width: rect.width + 2 * grow, height: rect.height + 2 * grow };
    if (Math.min(grown.width, grown.height) < options.minSize + 2) continue;

    const quad = orderCorners(rectCorners(grown).map(toSource));
    if (Math.hypot(quad[1][0] - quad[0][0], quad[1][1] - quad[0][1]) <= 3) continue;
    if (Math.hypot(quad[3][0] - quad[0][0], quad[3][1] - quad[0][1]) <= 3) continue;
    boxes.push({ quad: quad as Quad, score });
  }
  return boxes;
}

function binarise(map: ProbabilityMap, threshold: number, dilate: boolean): Uint8Array {
  const { width, height, data } = map;
  const bits = new Uint8Array(width * height);
  for (let i = 0; i < bits.length; i++) bits[i] = data[i] > threshold ? 1 : 0;
  if (!dilate) return bits;
  // cv2.dilate with a 2×2 kernel anchored at (1,1): a pixel is set if it or its up/left/up-left neighbour is.
  const out = new Uint8Array(bits.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      out[i] = bits[i] | (x > 0 ? bits[i - 1] : 0) | (y > 0 ? bits[i - width] : 0) | (x > 0 && y > 0 ? bits[i - width - 1] : 0);
    }
  }
  return out;
}

/** 8-connected regions, each reduced to its per-row extreme pixels (enough for the convex hull). */
function* connectedRegions(bits: Uint8Array, width: number, height: number): Generator<Point[]> {
  const seen = new Uint8Array(bits.length);
  const stack = new Int32Array(bits.length);
  const rowMin = new Int32Array(height);
  const rowMax = new Int32Array(height);
  const rowOwner = new Int32Array(height).fill(-1);
  let region = 0;
  for (let start = 0; start < bits.length; start++) {
    if (!bits[start] || seen[start]) continue;
    region++;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let minY = height, maxY = -1;
    while (top > 0) {
      const i = stack[--top];
      const x = i % width;
      const y = (i - x) / width;
      if (rowOwner[y] !== region) {
        rowOwner[y] = region;
        rowMin[y] = x;
        rowMax[y] = x;
      } else if (x < rowMin[y]) rowMin[y] = x;
      else if (x > rowMax[y]) rowMax[y] = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (bits[j] && !seen[j]) {
            seen[j] = 1;
            stack[top++] = j;
          }
        }
      }
    }
    const points: Point[] = [];
    for (let r = minY; r <= maxY; r++) {
      if (rowOwner[r] !== region) continue;
      points.push([rowMin[r], r]);
      if (rowMax[r] !== rowMin[r]) points.push([rowMax[r], r]);
    }
    yield points;
  }
}

/**
 * Mean probability of the pixels inside a convex polygon (PaddleOCR's "fast" box score), row by row:
 * each pixel row is cut by the polygon's edges into one span (half a pixel of tolerance).
 */
function meanInsidePolygon(data: Float32Array, width: number, height: number, polygon: Point[]): number {
  const hull = convexHull(polygon);
  const ys = polygon.map((p) => p[1]);
  const y0 = clamp(Math.floor(Math.min(...ys)), 0, height - 1);
  const y1 = clamp(Math.ceil(Math.max(...ys)), 0, height - 1);
  let sum = 0, count = 0;
  for (let y = y0; y <= y1; y++) {
    const [from, to] = rowSpan(hull, y);
    const x0 = clamp(Math.ceil(from), 0, width - 1);
    const x1 = clamp(Math.floor(to), 0, width - 1);
    if (from > to || x0 > x1) continue;
    const row = y * width;
    for (let x = x0; x <= x1; x++) sum += data[row + x];
    count += x1 - x0 + 1;
  }
  return count > 0 ? sum / count : 0;
}

/**
 * The x range of row `y` inside a convex hull (counter-clockwise in image coordinates, as convexHull
 * returns it), each edge moved out by half a pixel; empty (from > to) when the row misses it.
 */
function rowSpan(hull: Point[], y: number): [number, number] {
  let from = -Infinity, to = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i];
    const b = hull[(i + 1) % hull.length];
    // inside: cross(b - a, p - a) >= -eps·|b - a|, i.e. dx·(y - ay) - dy·(x - ax) >= -eps·len, linear in x
    const dx = b[0] - a[0], dy = b[1] - a[1];
    const slack = 0.5 * Math.hypot(dx, dy) + dx * (y - a[1]);
    if (dy === 0) {
      if (slack < 0) return [1, 0];
    } else if (dy > 0) to = Math.min(to, a[0] + slack / dy);
    else from = Math.max(from, a[0] + slack / dy);
  }
  return [from, to];
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
