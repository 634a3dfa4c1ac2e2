/**
 * The OCR input stage, between decoding and detection (RapidOCR's preprocess + padding steps):
 * decides the working image lines are cropped from, the detection tensor's size and the letterbox
 * around the image inside it, and maps detected points back onto the working image.
 */
import sharp from 'sharp';
import type { OpenedImage, RgbImage } from '../image-decoder';
import type { Point } from './types';

/** Longest side kept for cropping text lines: beyond this, recognition gains nothing and memory grows. */
export const MAX_WORKING_SIDE = 4096;
/** Longest detection side: bounds the probability map's memory (RapidOCR bounds it at 2000). */
export const MAX_DETECTION_SIDE = 4096;
/**
 * Largest upscale of a small image's detection; RapidOCR (`limit_type: min`) brings every shorter
 * side up to 736, which split the lines of 30–50 px text on the dev set (CER 0.022 → 0.032). So the
 * image is detected again, larger, only when the text first found is small, and by at most this:
 * on 300–500 px images with 7–9 px text, CER 0.147 at 1×, 0.115 at 1.5×, 0.131 at 2×, 0.128 at 3×
 * (scripts/ocr-dev-set `small` with text 7–9 px; README "Detection sizing").
 */
export const MAX_UPSCALE = 1.5;
/**
 * Median text-box height (detection tensor pixels) below which the image is detected again, larger:
 * 16 px boxes hold 7–9 px text; 12 never triggered there, 20 read the same as 16.
 */
export const SMALL_TEXT = 16;
/** RapidOCR's letterbox rule: an image this low, or wider than WIDE_RATIO × its height, is padded. */
const MIN_HEIGHT = 30;
const WIDE_RATIO = 8;
const STRIDE = 32;

export interface DetectionPlan {
  /** Detection tensor size, multiples of 32. */
  width: number;
  height: number;
  /** The working image is resized to contentWidth × contentHeight and placed at (0, top). */
  contentWidth: number;
  contentHeight: number;
  top: number;
}

/** Python's round (halves to even), as Immich and RapidOCR snap sides to 32 with it. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const snap = (side: number) => Math.max(STRIDE, roundHalfEven(side / STRIDE) * STRIDE);

/**
 * Detection size for a `width × height` image. `maxResolution` has Immich's meaning: the shorter
 * side is scaled down to it, never up; `upscale` (> 1) enlarges a smaller image, up to
 * maxResolution on its shorter side and MAX_DETECTION_SIDE on its longer. Sides snap to multiples
 * of 32 as in Immich (int, then round to 32). A thin image (≤ 30 px high after scaling, or wider
 * than 8:1) keeps its scaled height and is letterboxed vertically to about a quarter of its width,
 * as RapidOCR does: DB finds nothing in a strip whose text touches the border.
 */
export function planDetection(width: number, height: number, maxResolution: number, upscale = 1): DetectionPlan {
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  const scale = Math.min(maxResolution / short > 1 ? Math.min(upscale, maxResolution / short) : maxResolution / short, MAX_DETECTION_SIDE / long);
  const scaledWidth = Math.trunc(width * scale);
  const scaledHeight = Math.max(1, Math.trunc(height * scale));
  const contentWidth = snap(scaledWidth);
  if (scaledHeight > MIN_HEIGHT && scaledWidth / scaledHeight <= WIDE_RATIO) {
    const contentHeight = snap(scaledHeight);
    return { width: contentWidth, height: contentHeight, contentWidth, contentHeight, top: 0 };
  }
  const padded = Math.ceil((2 * Math.max(Math.trunc(contentWidth / WIDE_RATIO), MIN_HEIGHT)) / STRIDE) * STRIDE;
  const tensorHeight = Math.max(padded, Math.ceil(scaledHeight / STRIDE) * STRIDE);
  return { width: contentWidth, height: tensorHeight, contentWidth, contentHeight: scaledHeight, top: (tensorHeight - scaledHeight) >> 1 };
}

/**
 * The upscale for a second detection, or undefined when the first was enough: only an image whose
 * shorter side is below maxResolution, and only when the text found is small (median box height
 * below SMALL_TEXT tensor pixels) — upscaling large text splits its lines (measured: README).
 */
export function upscaleFor(plan: DetectionPlan, image: { width: number; height: number }, boxHeights: number[], maxResolution: number): number | undefined {
  const room = Math.min(MAX_UPSCALE, maxResolution / Math.min(image.width, image.height), MAX_DETECTION_SIDE / Math.max(image.width, image.height));
  if (room <= 1.2 || boxHeights.length === 0) return undefined;
  const sorted = boxHeights.map((h) => (h * plan.contentHeight) / image.height).sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  return median < SMALL_TEXT ? room : undefined;
}

/** Decodes `image` for OCR (alpha composited for contrast), at most MAX_WORKING_SIDE on its longer side. */
export async function workingImage(image: OpenedImage): Promise<RgbImage> {
  const scale = Math.min(1, MAX_WORKING_SIDE / Math.max(image.width, image.height));
  return image.rgb('contrast', (p) =>
    scale < 1 ? p.resize(Math.round(image.width * scale), Math.round(image.height * scale), { fit: 'fill' }) : p,
  );
}

/**
 * The detector's input pixels: the working image resized (Lanczos, as Immich's PIL LANCZOS) into
 * the plan's content area, letterbox rows filled with black (RapidOCR's `add_round_letterbox`).
 */
export async function detectionPixels(image: RgbImage, plan: DetectionPlan): Promise<RgbImage> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (image.width !== plan.contentWidth || image.height !== plan.contentHeight) {
    pipeline = pipeline.resize(plan.contentWidth, plan.contentHeight, { fit: 'fill', kernel: 'lanczos3' });
  }
  const bottom = plan.height - plan.contentHeight - plan.top;
  if (plan.top > 0 || bottom > 0) pipeline = pipeline.extend({ top: plan.top, bottom, background: { r: 0, g: 0, b: 0 } });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/**
 * Maps a point of the detector's output map (the tensor's size unless the model says otherwise)
 * back onto the working image, inside [0, width] × [0, height].
 */
export function toWorking(plan: DetectionPlan, image: { width: number; height: number }, map: { width: number; height: number }): (p: Point) => Point {
  const mx = plan.width / map.width;
  const my = plan.height / map.height;
  const sx = image.width / plan.contentWidth;
  const sy = image.height / plan.contentHeight;
  return ([x, y]) => [clamp(x * mx * sx, 0, image.width), clamp((y * my - plan.top) * sy, 0, image.height)];
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
