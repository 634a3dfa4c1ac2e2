import * as ort from 'onnxruntime-node';
import type { RgbImage } from '../image-decoder';
import { ManagedModel } from '../model-manager';
import { sampleQuadInto } from './crop-sampler';
import { ctcGreedyDecode } from './ctc-decode';
import { assertDictionaryMatches, CharacterDictionary } from './dictionary';
import { runSingle } from './run-model';
import { TextLine } from './text-line';
import { subQuad } from './geometry';
import type { Quad } from './types';

const HEIGHT = 48;
/**
 * Narrowest recognition input. PaddleOCR pads every line to at least 320 px; lines read at their own
 * width were as accurate on the dev set (CER 0.022 vs 0.023) and short lines cost a third of the work.
 */
const MIN_WIDTH = HEIGHT;
/** Widest / narrowest line width allowed in one batch. */
const MAX_PADDING = 1.25;
/** Gap space probability that emits a space between Latin/digit neighbours (see ctcGreedyDecode). */
export const SPACE_THRESHOLD = 0.05;
/**
 * Widest input read in one piece (1:27 at 48 px). A longer line is read in overlapping pieces whose
 * CTC steps are joined at the middle of each overlap before decoding, so nothing is read twice:
 * PP-OCRv4 read at natural width drops the end of lines past about 1:80 and merges Latin words.
 * Measured on 1:40–1:80 lines (scripts/ocr-dev-set `long`): natural width CER 0.005, line
 * exact-match 0.63; pieces of 960 px 0.005/0.63, 1280 px 0.002/0.81, 1600 px 0.003/0.75.
 */
export const MAX_PIECE = 1280;
/** Overlap of neighbouring pieces, two CJK characters' worth (48 and 192 read no better). */
const OVERLAP = 96;

export interface Recognised {
  text: string;
  score: number;
}

/** A part of one line read as one batch item: `keep` is the range of line x (tensor px) its steps own. */
interface Piece {
  line: number;
  quad: Quad;
  width: number;
  start: number;
  keep: [number, number];
}

/** Recognition stage: lines sorted by aspect ratio and run in batches of similar width, CTC-decoded. */
export class TextRecogniser {
  constructor(
    private readonly model: ManagedModel,
    private readonly dictionary: CharacterDictionary,
    private readonly batchSize = 8,
    private readonly spaceThreshold = SPACE_THRESHOLD,
  ) {}

  async recognise(image: RgbImage, lines: TextLine[]): Promise<Recognised[]> {
    const pieces = lines.flatMap((line, i) => piecesOf(line, i));
    // per line, the CTC steps its pieces keep, in order: views into the batch outputs, not copies
    const steps: Float32Array[][] = lines.map(() => []);
    const owned = new Map<Piece, Float32Array[]>();
    for (const batch of this.batchesOfSimilarWidth(pieces)) {
      const width = Math.max(...batch.map((p) => p.width));
      const itemSize = 3 * HEIGHT * width;
      const tensor = new Float32Array(batch.length * itemSize);
      batch.forEach((piece, i) => {
        sampleQuadInto(image, piece.quad, piece.width, { tensor, offset: i * itemSize, rowLength: width, height: HEIGHT }, lines[piece.line].height);
      });
      const output = await runSingle(this.model, new ort.Tensor('float32', tensor, [batch.length, 3, HEIGHT, width]));
      const [, count, classes] = output.dims;
      assertDictionaryMatches(this.dictionary, classes, this.model.path);
      const probs = output.data as Float32Array;
      batch.forEach((piece, i) => {
        const rows: Float32Array[] = [];
        const stepWidth = width / count;
        for (let t = 0; t < count; t++) {
          const x = piece.start + (t + 0.5) * stepWidth;
          if (x >= piece.keep[0] && x < piece.keep[1]) rows.push(probs.subarray((i * count + t) * classes, (i * count + t + 1) * classes));
        }
        owned.set(piece, rows);
      });
    }
    for (const piece of pieces) steps[piece.line].push(...owned.get(piece)!);
    return steps.map((rows) => ctcGreedyDecode(rows, this.dictionary.characters, this.spaceThreshold));
  }

  /**
   * Pieces sorted by width and grouped while the widest is at most MAX_PADDING × the narrowest: the
   * model mixes context across the whole row, so a short line padded to a long one's width reads
   * worse (spaces vanish), besides costing compute on padding.
   */
  private batchesOfSimilarWidth(pieces: Piece[]): Piece[][] {
    const order = pieces.slice().sort((a, b) => a.width - b.width);
    const batches: Piece[][] = [];
    for (const piece of order) {
      const current = batches.at(-1);
      if (current && current.length < this.batchSize && piece.width <= current[0].width * MAX_PADDING) {
        current.push(piece);
      } else {
        batches.push([piece]);
      }
    }
    return batches;
  }
}

/** The line as one piece, or as overlapping MAX_PIECE-wide pieces when it is wider. */
function piecesOf(line: TextLine, index: number): Piece[] {
  const width = Math.max(MIN_WIDTH, Math.ceil(HEIGHT * line.ratio));
  if (width <= MAX_PIECE) return [{ line: index, quad: line.quad, width, start: 0, keep: [-Infinity, Infinity] }];
  const count = Math.ceil((width - OVERLAP) / (MAX_PIECE - OVERLAP));
  const stride = (width - OVERLAP) / count;
  const pieceWidth = Math.ceil(stride + OVERLAP);
  const pieces: Piece[] = [];
  for (let k = 0; k < count; k++) {
    const start = k * stride;
    const end = Math.min(width, start + pieceWidth);
    pieces.push({
      line: index,
      quad: subQuad(line.quad, start / width, end / width),
      width: Math.ceil(end - start),
      start,
      keep: [k === 0 ? -Infinity : start + OVERLAP / 2, k === count - 1 ? Infinity : start + stride + OVERLAP / 2],
    });
  }
  return pieces;
}
