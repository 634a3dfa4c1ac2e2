import * as ort from 'onnxruntime-node';
import type { RgbImage } from '../image-decoder';
import { ManagedModel } from '../model-manager';
import { sampleQuadInto } from './crop-sampler';
import { subQuad } from './geometry';
import { runSingle } from './run-model';
import { TextLine } from './text-line';

const HEIGHT = 48;
const WIDTH = 192;
const BATCH = 6;

/** Direction classifier stage (0° / 180°): the probability that each line is upside down. */
export class DirectionClassifier {
  constructor(private readonly model: ManagedModel) {}

  async upsideDown(image: RgbImage, lines: TextLine[]): Promise<number[]> {
    const result: number[] = [];
    for (let start = 0; start < lines.length; start += BATCH) {
      const batch = lines.slice(start, start + BATCH);
      const plane = HEIGHT * WIDTH;
      const tensor = new Float32Array(batch.length * 3 * plane);
      batch.forEach((line, i) => {
        // a line longer than the input is judged on its middle, undistorted, not squashed whole
        const keep = Math.min(1, WIDTH / HEIGHT / line.ratio);
        const quad = keep < 1 ? subQuad(line.quad, (1 - keep) / 2, (1 + keep) / 2) : line.quad;
        const width = Math.min(WIDTH, Math.ceil(HEIGHT * line.ratio));
        sampleQuadInto(image, quad, width, { tensor, offset: i * 3 * plane, rowLength: WIDTH, height: HEIGHT }, line.height);
      });
      const input = new ort.Tensor('float32', tensor, [batch.length, 3, HEIGHT, WIDTH]);
      const probs = (await runSingle(this.model, input)).data as Float32Array;
      batch.forEach((_, i) => result.push(probs[i * 2 + 1] / (probs[i * 2] + probs[i * 2 + 1])));
    }
    return result;
  }
}
