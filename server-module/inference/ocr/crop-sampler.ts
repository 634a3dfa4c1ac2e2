import { rectToQuadTransform } from './geometry';
import type { RgbImage } from '../image-decoder';
import { Quad } from './types';

export interface TensorSlot {
  tensor: Float32Array;
  /** Index of this item's first value in `tensor` (batch offset). */
  offset: number;
  /** Row length of the tensor (padded width); planes are `height * rowLength` apart. */
  rowLength: number;
  height: number;
}

/**
 * Samples the quad straight into a BGR, CHW, (x/255 - 0.5)/0.5 tensor slot of size `width × slot.height`.
 * Hand-written because it is the hot path: one bilinear pass per line replaces PaddleOCR's
 * warpPerspective + resize + normalise + transpose (four copies per line). When the crop shrinks
 * by more than 1.5×, each output pixel averages a grid of samples so small strokes do not alias.
 * Points more than a pixel outside the image take its background colour (backgroundOf), so a box
 * reaching past the edge of a tight crop reads its edge characters with a clean margin.
 */
export function sampleQuadInto(image: RgbImage, quad: Quad, width: number, slot: TensorSlot, cropHeight: number): void {
  const { data, width: iw, height: ih } = image;
  const [fr, fg, fb] = backgroundOf(image);
  const { tensor, offset, rowLength, height } = slot;
  const [a, b, c, d, e, f, g, h] = rectToQuadTransform(quad, width, height);
  const plane = height * rowLength;
  const shrink = cropHeight / height;
  const grid = shrink > 1.5 ? Math.min(4, Math.ceil(shrink)) : 1;
  const step = 1 / grid;
  const weight = 1 / (grid * grid * 127.5);
  const maxX = iw - 1;
  const maxY = ih - 1;

  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      let sb = 0, sg = 0, sr = 0;
      for (let gy = 0; gy < grid; gy++) {
        const vv = v + (gy + 0.5) * step;
        for (let gx = 0; gx < grid; gx++) {
          const uu = u + (gx + 0.5) * step;
          const w = g * uu + h * vv + 1;
          let x = (a * uu + b * vv + c) / w - 0.5;
          let y = (d * uu + e * vv + f) / w - 0.5;
          if (x < -1 || y < -1 || x > iw || y > ih) {
            sr += fr;
            sg += fg;
            sb += fb;
            continue;
          }
          x = x < 0 ? 0 : x > maxX ? maxX : x;
          y = y < 0 ? 0 : y > maxY ? maxY : y;
          const x0 = x | 0, y0 = y | 0;
          const x1 = x0 < maxX ? x0 + 1 : x0, y1 = y0 < maxY ? y0 + 1 : y0;
          const fx = x - x0, fy = y - y0;
          const w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy), w10 = (1 - fx) * fy, w11 = fx * fy;
          const p00 = (y0 * iw + x0) * 3, p01 = (y0 * iw + x1) * 3, p10 = (y1 * iw + x0) * 3, p11 = (y1 * iw + x1) * 3;
          sr += data[p00] * w00 + data[p01] * w01 + data[p10] * w10 + data[p11] * w11;
          sg += data[p00 + 1] * w00 + data[p01 + 1] * w01 + data[p10 + 1] * w10 + data[p11 + 1] * w11;
          sb += data[p00 + 2] * w00 + data[p01 + 2] * w01 + data[p10 + 2] * w10 + data[p11 + 2] * w11;
        }
      }
      const i = offset + v * rowLength + u;
      tensor[i] = sb * weight - 1;
      tensor[i + plane] = sg * weight - 1;
      tensor[i + 2 * plane] = sr * weight - 1;
    }
  }
}

const backgrounds = new WeakMap<Uint8Array, [number, number, number]>();

/** The image's background as the per-channel median of its border pixels (cached per image). */
export function backgroundOf(image: RgbImage): [number, number, number] {
  let colour = backgrounds.get(image.data);
  if (colour) return colour;
  const { data, width, height } = image;
  const channels: number[][] = [[], [], []];
  const add = (x: number, y: number) => {
    const p = (y * width + x) * 3;
    for (let c = 0; c < 3; c++) channels[c].push(data[p + c]);
  };
  for (let x = 0; x < width; x++) {
    add(x, 0);
    add(x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    add(0, y);
    add(width - 1, y);
  }
  colour = channels.map((values) => values.sort((a, b) => a - b)[values.length >> 1]) as [number, number, number];
  backgrounds.set(image.data, colour);
  return colour;
}
