import * as ort from 'onnxruntime-node';
import { ManagedModel } from '../model-manager';
import { sampleQuadInto } from './crop-sampler';
import { flip180, TextLine } from './text-line';
import { runSingle } from './run-model';
import type { RgbImage } from '../image-decoder';

const HEIGHT = 48;
const WIDTH = 192;
const BATCH = 6;
/** PaddleOCR's `cls_thresh`: turn a line only when the classifier is this sure it is upside down. */
const FLIP_THRESHOLD = 0.9;

/** Direction classifier stage (0° / 180°): returns the lines with upside-down ones turned. */
export class DirectionClassifier {
  constructor(private readonly model: ManagedModel) {}

  async orient(image: RgbImage, lines: TextLine[]): Promise<TextLine[]> {
    const result = lines.slice();
    for (let start = 0; start < lines.length; start += BATCH) {
      const batch = lines.slice(start, start + BATCH);
      const plane = HEIGHT * WIDTH;
      const tensor = new Float32Array(batch.length * 3 * plane);
      batch.forEach((line, i) => {
        const width = Math.min(WIDTH, Math.ceil(HEIGHT * line.ratio));
        sampleQuadInto(image, line.quad, width, { tensor, offset: i * 3 * plane, rowLength: WIDTH, height: HEIGHT }, line.height);
      });
      const input = new ort.Tensor('float32', tensor, [batch.length, 3, HEIGHT, WIDTH]);
      const probs = (await runSingle(this.model, input)).data as Float32Array;
      batch.forEach((line, i) => {
        if (probs[i * 2 + 1] > probs[i * 2] && probs[i * 2 + 1] > FLIP_THRESHOLD) {
          result[start + i] = flip180(line);
        }
      });
    }
    return result;
  }
}
