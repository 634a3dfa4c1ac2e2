import * as ort from 'onnxruntime-node';
import type { RgbImage } from '../image-decoder';
import { ManagedModel } from '../model-manager';
import { dbPostprocess, DB_DEFAULTS } from './db-postprocess';
import { quadSize } from './geometry';
import { type DetectionPlan, detectAgain, detectionPixels, detectionScales, planDetection, toWorking } from './input-stage';
import { runSingle } from './run-model';
import { DetectedBox } from './types';

export interface Normalization {
  mean: [number, number, number];
  std: [number, number, number];
}

/** PaddleOCR's detection normalisation (ImageNet statistics, applied to B, G, R in that order). */
export const IMAGENET_BGR: Normalization = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/** RapidOCR's detection normalisation for the PP-OCRv5 detectors Immich's ML cache holds (x/127.5 - 1). */
export const RAPIDOCR: Normalization = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };

/** Text detection stage: the input stage's plan, DB on the detector's map, boxes on the working image. */
export class TextDetector {
  constructor(
    private readonly model: ManagedModel,
    private readonly normalization: Normalization = IMAGENET_BGR,
  ) {}

  async detect(
    image: RgbImage,
    options: { maxResolution: number; minDetectionScore: number },
  ): Promise<DetectedBox[]> {
    const scales = detectionScales(image.width, image.height, options.maxResolution);
    let boxes: DetectedBox[] = [];
    for (const [i, scale] of scales.entries()) {
      boxes = await this.detectAt(image, planDetection(image.width, image.height, scale.scale), options.minDetectionScore);
      if (!detectAgain(scale, scales[i + 1], boxes.map((b) => quadSize(b.quad).height))) break;
    }
    return boxes;
  }

  private async detectAt(image: RgbImage, plan: DetectionPlan, minDetectionScore: number): Promise<DetectedBox[]> {
    const pixels = await detectionPixels(image, plan);
    const input = new ort.Tensor('float32', this.toTensor(pixels), [1, 3, plan.height, plan.width]);
    const output = await runSingle(this.model, input);
    const [, , mapHeight, mapWidth] = output.dims;
    return dbPostprocess(
      { data: output.data as Float32Array, width: mapWidth, height: mapHeight },
      toWorking(plan, image, { width: mapWidth, height: mapHeight }),
      { ...DB_DEFAULTS, boxThreshold: minDetectionScore },
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
