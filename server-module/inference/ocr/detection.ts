import * as ort from 'onnxruntime-node';
import { ManagedModel } from '../model-manager';
import { dbPostprocess, DB_DEFAULTS } from './db-postprocess';
import { resizeRgb } from './decode-image';
import { runSingle } from './run-model';
import { DetectedBox, RgbImage } from './types';

export interface Normalization {
  mean: [number, number, number];
  std: [number, number, number];
}

/** PaddleOCR's detection normalisation (ImageNet statistics, applied to B, G, R in that order). */
export const IMAGENET_BGR: Normalization = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/** What Immich's ML service applies before the PP-OCRv5 detection models in its cache (x/127.5 - 1). */
export const IMMICH_ML: Normalization = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };

const STRIDE = 32;

export function detectionSize(width: number, height: number, maxResolution: number): { width: number; height: number } {
  const ratio = Math.min(1, maxResolution / Math.max(width, height));
  const fit = (side: number) => Math.max(STRIDE, Math.round((side * ratio) / STRIDE) * STRIDE);
  return { width: fit(width), height: fit(height) };
}

/** Text detection stage: resize to a multiple of 32 (long side ≤ maxResolution), run DB, post-process. */
export class TextDetector {
  constructor(
    private readonly model: ManagedModel,
    private readonly normalization: Normalization = IMAGENET_BGR,
  ) {}

  async detect(
    image: RgbImage,
    options: { maxResolution: number; minDetectionScore: number },
  ): Promise<DetectedBox[]> {
    const size = detectionSize(image.width, image.height, options.maxResolution);
    const resized = await resizeRgb(image, size.width, size.height);
    const input = new ort.Tensor('float32', this.toTensor(resized), [1, 3, size.height, size.width]);
    const output = await runSingle(this.model, input);
    const [, , mapHeight, mapWidth] = output.dims;
    return dbPostprocess(
      { data: output.data as Float32Array, width: mapWidth, height: mapHeight },
      image.width,
      image.height,
      { ...DB_DEFAULTS, boxThreshold: options.minDetectionScore },
    );
  }

  private toTensor(image: RgbImage): Float32Array {
    const { data, width, height } = image;
    const plane = width * height;
    const out = new Float32Array(3 * plane);
    const { mean, std } = this.normalization;
    const scale = [1 / (255 * std[0]), 1 / (255 * std[1]), 1 / (255 * std[2])];
    const shift = [mean[0] / std[0], mean[1] / std[1], mean[2] / std[2]];
    for (let i = 0, p = 0; i < plane; i++, p += 3) {
      out[i] = data[p + 2] * scale[0] - shift[0];
      out[i + plane] = data[p + 1] * scale[1] - shift[1];
      out[i + 2 * plane] = data[p] * scale[2] - shift[2];
    }
    return out;
  }
}
