import { convexHull, minAreaRect, orderCorners, rectCorners, rectToQuadTransform } from '../../server-module/inference/ocr/geometry';
import { dbPostprocess } from '../../server-module/inference/ocr/db-postprocess';
import { ctcGreedyDecode } from '../../server-module/inference/ocr/ctc-decode';
import { READING_MARGIN, toTextLines } from '../../server-module/inference/ocr/text-line';
import { Point, Quad } from '../../server-module/inference/ocr/types';

/** A flat [steps × classes] probability array as one view per CTC step. */
const stepsOf = (probs: Float32Array, classes: number) => Array.from({ length: probs.length / classes }, (_, t) => probs.subarray(t * classes, (t + 1) * classes));

describe('OCR geometry and decoding units', () => {
  it('minAreaRect recovers a rotated rectangle from its filled points', () => {
    const angle = (20 * Math.PI) / 180;
    const points: Point[] = [];
    for (let u = -40; u <= 40; u += 1) for (let v = -10; v <= 10; v += 1) {
      points.push([100 + u * Math.cos(angle) - v * Math.sin(angle), 50 + u * Math.sin(angle) + v * Math.cos(angle)]);
    }
    const rect = minAreaRect(points);
    const [long, short] = [Math.max(rect.width, rect.height), Math.min(rect.width, rect.height)];
    expect(long).toBeCloseTo(80, 4);
    expect(short).toBeCloseTo(20, 4);
    expect(rect.center[0]).toBeCloseTo(100, 4);
    expect(rect.center[1]).toBeCloseTo(50, 4);
    expect(convexHull(points).length).toBeLessThan(points.length / 20);
  });

  it('orders corners top-left, top-right, bottom-right, bottom-left', () => {
    const q = orderCorners([[10, 30], [90, 12], [8, 8], [92, 33]]);
    expect(q).toEqual([[8, 8], [90, 12], [92, 33], [10, 30]]);
  });

  it('maps the crop rectangle onto the quad corners (perspective)', () => {
    const quad: Quad = [[10, 10], [110, 20], [105, 60], [12, 50]];
    const [a, b, c, d, e, f, g, h] = rectToQuadTransform(quad, 200, 48);
    const map = (u: number, v: number) => [(a * u + b * v + c) / (g * u + h * v + 1), (d * u + e * v + f) / (g * u + h * v + 1)];
    [[0, 0], [200, 0], [200, 48], [0, 48]].forEach(([u, v], i) => {
      expect(map(u, v)[0]).toBeCloseTo(quad[i][0], 6);
      expect(map(u, v)[1]).toBeCloseTo(quad[i][1], 6);
    });
  });

  it('DB post-processing turns two probability blobs into two scored, grown boxes in destination coordinates', () => {
    const width = 64, height = 32;
    const data = new Float32Array(width * height);
    const fill = (x0: number, y0: number, x1: number, y1: number, p: number) => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * width + x] = p;
    };
    fill(4, 4, 30, 10, 0.9);
    fill(36, 20, 60, 28, 0.8);
    fill(40, 2, 42, 3, 0.9); // a speck: too small to be a box
    const boxes = dbPostprocess({ data, width, height }, ([x, y]) => [x * 2, y * 2], { threshold: 0.3, boxThreshold: 0.5, unclipRatio: 1.6, maxCandidates: 10, dilate: true, minSize: 3 });
    expect(boxes).toHaveLength(2);
    const [first] = boxes.sort((p, q) => p.quad[0][1] - q.quad[0][1]);
    // the region is the dilated blob (one extra row and column at probability 0): 0.9 × 26×6 / 27×7
    expect(first.score).toBeCloseTo((0.9 * 26 * 6) / (27 * 7), 5);
    // scaled ×2 and grown beyond the blob on every side
    expect(first.quad[0][0]).toBeLessThan(8);
    expect(first.quad[2][0]).toBeGreaterThan(58);
    expect(first.quad[0][1]).toBeLessThan(8);
    expect(first.quad[2][1]).toBeGreaterThan(18);
  });

  it('CTC greedy decoding merges repeats, drops blanks and averages the kept probabilities', () => {
    const chars = ['', 'a', 'b', ' '];
    const steps = [[0.1, 0.8, 0.05, 0.05], [0.1, 0.7, 0.1, 0.1], [0.9, 0.05, 0.05, 0], [0.1, 0.6, 0.2, 0.1], [0, 0, 1, 0]];
    const probs = new Float32Array(steps.flat());
    const { text, score } = ctcGreedyDecode(stepsOf(probs, 4), chars);
    expect(text).toBe('aab');
    expect(score).toBeCloseTo((0.8 + 0.6 + 1) / 3, 5);
  });

  it('CTC greedy decoding trims spaces read at the ends and scores only the characters kept', () => {
    const chars = ['', 'a', 'b', ' '];
    // space 0.5, a 0.9, blank, b 0.9, space 0.55: an untrimmed mean (0.71) would fall under minRecognitionScore 0.8
    const steps = [[0.4, 0, 0.1, 0.5], [0.1, 0.9, 0, 0], [1, 0, 0, 0], [0, 0.05, 0.9, 0.05], [0.45, 0, 0, 0.55]];
    const { text, score } = ctcGreedyDecode(stepsOf(new Float32Array(steps.flat()), 4), chars);
    expect(text).toBe('ab');
    expect(score).toBeCloseTo(0.9, 5);
    expect(ctcGreedyDecode(stepsOf(new Float32Array([0.4, 0, 0, 0.6]), 4), chars)).toEqual({ text: '', score: 0 });
  });

  it('emits a space in a blank gap whose space probability reaches the threshold, only between non-CJK characters', () => {
    const chars = ['', 'A', 'B', '中', '·', ' '];
    // A, gap (blank 0.7, space 0.25), B, gap (blank 0.7, space 0.25), 中
    const frames = [[0, 1, 0, 0, 0, 0], [0.7, 0.05, 0, 0, 0, 0.25], [0, 0, 1, 0, 0, 0], [0.7, 0, 0.05, 0, 0, 0.25], [0, 0, 0, 1, 0, 0]];
    const probs = new Float32Array(frames.flat());
    expect(ctcGreedyDecode(stepsOf(probs, 6), chars).text).toBe('AB中');
    expect(ctcGreedyDecode(stepsOf(probs, 6), chars, 0.3).text).toBe('AB中');
    expect(ctcGreedyDecode(stepsOf(probs, 6), chars, 0.2).text).toBe('A B中');
    const plate = new Float32Array([[0, 1, 0, 0, 0, 0], [0.7, 0, 0, 0, 0, 0.3], [0, 0, 0, 0, 1, 0], [0.7, 0, 0, 0, 0, 0.3], [0, 0, 1, 0, 0, 0]].flat());
    expect(ctcGreedyDecode(stepsOf(plate, 6), chars, 0.2).text).toBe('A·B');
  });

  it('counts a strong space class on the steps beside a character change as gap evidence', () => {
    const chars = ['', '-', 'A', 'b', ' '];
    // "-" then "A" with no blank between; the space class is second (0.39) on the "A"'s first step
    const frames = [[0, 0.9, 0, 0, 0.1], [0, 0, 0.55, 0.06, 0.39], [0, 0, 1, 0, 0], [0.2, 0, 0.02, 0.7, 0.08]];
    const probs = new Float32Array(frames.flat());
    expect(ctcGreedyDecode(stepsOf(probs, 5), chars, 0.05).text).toBe('- Ab');
    expect(ctcGreedyDecode(stepsOf(probs, 5), chars, 1).text).toBe('-Ab');
    // "A" to "b": 0.08 on the "b" is a character's own step, no gap evidence
    expect(ctcGreedyDecode(stepsOf(probs, 5), chars, 0.05).text).not.toContain('A b');
  });

  it('inserts no space after a multiplication sign ("×2"), keeps one before it and keeps spaces read outright', () => {
    const chars = ['', '×', '2', 'L', ' '];
    const gap = [0.85, 0, 0, 0, 0.15];
    const counted = new Float32Array([[0, 0, 0, 1, 0], gap, [0, 1, 0, 0, 0], gap, [0, 0, 1, 0, 0]].flat());
    expect(ctcGreedyDecode(stepsOf(counted, 5), chars, 0.05).text).toBe('L ×2');
    const spaced = new Float32Array([[0, 1, 0, 0, 0], [0, 0, 0, 0, 1], [0, 0, 1, 0, 0]].flat());
    expect(ctcGreedyDecode(stepsOf(spaced, 5), chars, 0.05).text).toBe('× 2');
  });

  it('reads a Han character the blank outvoted between two others it differs from, nothing else', () => {
    const chars = ['', '之', '慶', '，', 'I', 'E'];
    const row = (blank: number, c: number, p: number) => Array.from({ length: 6 }, (_, k) => (k === 0 ? blank : k === c ? p : k === 1 ? 1 - blank - p : 0));
    // 之, then a blank step with 慶 at 0.26, then ，
    const hidden = [row(0, 1, 1), row(0.63, 2, 0.26), row(0, 3, 1)];
    expect(ctcGreedyDecode(stepsOf(new Float32Array(hidden.flat()), 6), chars).text).toBe('之慶，');
    const faint = [row(0, 1, 1), row(0.85, 2, 0.12), row(0, 3, 1)];
    expect(ctcGreedyDecode(stepsOf(new Float32Array(faint.flat()), 6), chars).text).toBe('之，');
    // not a Latin letter, not the character just read again, not before the first character
    const latin = [row(0, 4, 1), row(0.6, 4, 0.3).map((p, k) => (k === 5 ? 0.3 : k === 4 ? 0 : p)), row(0, 1, 1)];
    expect(ctcGreedyDecode(stepsOf(new Float32Array(latin.flat()), 6), chars).text).toBe('I之');
    const repeat = [row(0, 2, 1), row(0.7, 2, 0.3), row(0, 3, 1)];
    expect(ctcGreedyDecode(stepsOf(new Float32Array(repeat.flat()), 6), chars).text).toBe('慶，');
    const leading = [row(0.7, 2, 0.3), row(0, 1, 1)];
    expect(ctcGreedyDecode(stepsOf(new Float32Array(leading.flat()), 6), chars).text).toBe('之');
  });

  it('reads past both ends of a lone box, but at most half way to the next box of the same line', () => {
    const rect = (x0: number, x1: number, y0: number, y1: number): Quad => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
    const xs = (q: Quad) => [q[0][0], q[1][0]];
    // one line split by the detector into two boxes 10 px apart, a lone line below, each 40 px high
    const [left, right, below] = toTextLines([rect(0, 200, 0, 40), rect(210, 400, 0, 40), rect(0, 300, 100, 140)].map((quad) => ({ quad, score: 1 })));
    expect(xs(left.quad)[0]).toBeCloseTo(-READING_MARGIN * 40, 6);
    expect(xs(left.quad)[1]).toBeCloseTo(205, 6);
    expect(xs(right.quad)[0]).toBeCloseTo(205, 6);
    expect(xs(right.quad)[1]).toBeCloseTo(400 + READING_MARGIN * 40, 6);
    expect(xs(below.quad)).toEqual([-READING_MARGIN * 40, 300 + READING_MARGIN * 40]);
    expect(below.ratio).toBeCloseTo(300 / 40 + 2 * READING_MARGIN, 6);
    expect(left.detection.quad).toEqual(rect(0, 200, 0, 40));
  });
});
