import * as ort from 'onnxruntime-node';
import { ManagedModel } from '../model-manager';
import { sampleQuadInto } from './crop-sampler';
import { ctcGreedyDecode } from './ctc-decode';
import { assertDictionaryMatches, CharacterDictionary } from './dictionary';
import { TextLine } from './text-line';
import { runSingle } from './run-model';
import { InferenceTimings } from './timings';
import { RgbImage } from './types';

const HEIGHT = 48;
/** PaddleOCR's minimum recognition width (rec_image_shape 3×48×320). */
const MIN_WIDTH = 320;

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
  ) {}

  async recognise(image: RgbImage, lines: TextLine[], timings = new InferenceTimings()): Promise<Recognised[]> {
    const results: Recognised[] = new Array(lines.length);
    const order = lines.map((_, i) => i).sort((a, b) => lines[a].ratio - lines[b].ratio);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const batch = order.slice(start, start + this.batchSize);
      const maxRatio = Math.max(MIN_WIDTH / HEIGHT, ...batch.map((i) => lines[i].ratio));
      const width = Math.ceil(HEIGHT * maxRatio);
      const itemSize = 3 * HEIGHT * width;
      const tensor = new Float32Array(batch.length * itemSize);
      batch.forEach((lineIndex, i) => {
        const line = lines[lineIndex];
        const lineWidth = Math.max(1, Math.min(width, Math.ceil(HEIGHT * line.ratio)));
        sampleQuadInto(image, line.quad, lineWidth, { tensor, offset: i * itemSize, rowLength: width, height: HEIGHT }, line.height);
      });
      const input = new ort.Tensor('float32', tensor, [batch.length, 3, HEIGHT, width]);
      const output = await runSingle(this.model, input, timings);
      const [, steps, classes] = output.dims;
      assertDictionaryMatches(this.dictionary, classes, this.model.path);
      const probs = output.data as Float32Array;
      batch.forEach((lineIndex, i) => {
        results[lineIndex] = ctcGreedyDecode(probs, i * steps * classes, steps, classes, this.dictionary.characters);
      });
    }
    return results;
  }
}
