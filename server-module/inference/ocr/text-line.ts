import { quadSize, rotateQuad180, rotateQuad90 } from './geometry';
import { DetectedBox, Quad } from './types';

/** A detected box prepared for reading: its quad ordered in reading direction. */
export interface TextLine {
  quad: Quad;
  /** Width / height of the crop in reading direction. */
  ratio: number;
  /** Height of the crop in source pixels (decides anti-aliasing when shrinking to 48 px). */
  height: number;
  detection: DetectedBox;
  rotated180: boolean;
}

/** Tall crops are turned 90° counter-clockwise before reading, as PaddleOCR does (vertical text). */
export function toTextLine(detection: DetectedBox): TextLine {
  let quad = detection.quad;
  let { width, height } = quadSize(quad);
  if (height / Math.max(width, 1e-6) >= 1.5) {
    quad = rotateQuad90(quad);
    [width, height] = [height, width];
  }
  return { quad, ratio: width / Math.max(height, 1e-6), height, detection, rotated180: false };
}

export function flip180(line: TextLine): TextLine {
  return { ...line, quad: rotateQuad180(line.quad), rotated180: !line.rotated180 };
}
