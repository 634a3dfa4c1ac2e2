import * as ort from 'onnxruntime-node';
import { ManagedModel } from '../model-manager';
import { sampleQuadInto } from './crop-sampler';
import { ctcGreedyDecode } from './ctc-decode';
import { assertDictionaryMatches, CharacterDictionary } from './dictionary';
import { TextLine } from './text-line';
import { runSingle } from './run-model';
import type { RgbImage } from '../image-decoder';

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

export interface Recognised {
  text: string;
  score: number;
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
    const results: Recognised[] = new Array(lines.length);
    for (const batch of this.batchesOfSimilarWidth(lines)) {
      const width = Math.max(...batch.map((i) => targetWidth(lines[i])));
      const itemSize = 3 * HEIGHT * width;
      const tensor = new Float32Array(batch.length * itemSize);
      batch.forEach((lineIndex, i) => {
        const line = lines[lineIndex];
        const lineWidth = Math.max(1, Math.min(width, Math.ceil(HEIGHT * line.ratio)));
        sampleQuadInto(image, line.quad, lineWidth, { tensor, offset: i * itemSize, rowLength: width, height: HEIGHT }, line.height);
      });
      const input = new ort.Tensor('float32', tensor, [batch.length, 3, HEIGHT, width]);
      const output = await runSingle(this.model, input);
      const [, steps, classes] = output.dims;
      assertDictionaryMatches(this.dictionary, classes, this.model.path);
      const probs = output.data as Float32Array;
      batch.forEach((lineIndex, i) => {
        results[lineIndex] = ctcGreedyDecode(probs, i * steps * classes, steps, classes, this.dictionary.characters, this.spaceThreshold);
      });
    }
    return results;
  }

  /**
   * Lines sorted by width and grouped while the widest is at most MAX_PADDING × the narrowest: the
   * model mixes context across the whole row, so a short line padded to a long one's width reads
   * worse (spaces vanish), besides costing compute on padding.
   */
  private batchesOfSimilarWidth(lines: TextLine[]): number[][] {
    const order = lines.map((_, i) => i).sort((a, b) => lines[a].ratio - lines[b].ratio);
    const batches: number[][] = [];
    for (const index of order) {
      const current = batches.at(-1);
      if (current && current.length < this.batchSize && targetWidth(lines[index]) <= targetWidth(lines[current[0]]) * MAX_PADDING) {
        current.push(index);
      } else {
        batches.push([index]);
      }
    }
    return batches;
  }
}

function targetWidth(line: TextLine): number {
  return Math.max(MIN_WIDTH, Math.ceil(HEIGHT * line.ratio));
}
