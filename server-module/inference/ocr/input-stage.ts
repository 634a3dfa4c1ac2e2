/**
 * The OCR input stage, between decoding and detection (RapidOCR's preprocess + padding steps):
 * decides the working image lines are cropped from, the scales detection runs at, the detection
 * tensor's size and the letterbox around the image inside it, and maps detected points back onto
 * the working image.
 *
 * Scales, smallest first, each tried only while the text found so far is small (detectAgain): a
 * coarse one (longer side ≤ maxResolution too), Immich's (`maxResolution` as Immich ML means it: the
 * shorter side scaled down to it, never up) and, for a small image, an upscale of at most 1.5×. A
 * 1440×1920 Immich preview at the default 736 is detected at 544×736 (snapped to 32), and again at
 * Immich's 736×992 when its text is small; a 648×1440 screenshot at 320×736, then 640×1440.
 */
import sharp from 'sharp';
import type { OpenedImage, RgbImage } from '../image-decoder';
import type { Point } from './types';

/** Longest side kept for cropping text lines: beyond this, recognition gains nothing and memory grows. */
export const MAX_WORKING_SIDE = 4096;
/** Longest detection side: bounds the probability map's memory (RapidOCR bounds it at 2000). */
export const MAX_DETECTION_SIDE = 4096;
/**
 * Largest upscale of a small image's detection. RapidOCR (`limit_type: min`) brings every shorter
 * side up to 736; doing that to every image below it split the lines of 30–50 px text on
 * ../shared/eval/ocr-dev (CER 0.022 → 0.032). Only an image whose text is small is detected
 * enlarged, by at most this: on 300–500 px images with 7–9 px text (scripts/ocr-dev-set `tiny`)
 * CER 0.147 without, 0.115 at 1.5×, 0.131 at 2×, 0.128 at 3×.
 */
export const MAX_UPSCALE = 1.5;
/**
 * Text-box height (detection pixels) below which the image is detected again at the next scale. A
 * 16 px box holds 7–9 px text. Coarse detection alone read the dev set's 648×1440 chat screenshots
 * at CER 0.023 (with 16: 0.008) and ocr-dev as well as 12–32 (line exact-match: clean
 * 0.90, photo 0.80; at Immich's scale alone 0.87, 0.78).
 */
export const SMALL_TEXT = 16;
/**
 * Shortest side a coarse detection may have: a 2600×40 line scaled to 736 wide is 11 px high, and
 * its boxes, grown by the unclip distance, never look small enough to detect again.
 */
const MIN_COARSE_SIDE = 128;
/** RapidOCR's letterbox rule: an image this low, or wider than WIDE_RATIO × its height, is padded. */
const MIN_HEIGHT = 30;
const WIDE_RATIO = 8;
const STRIDE = 32;
/**
 * Columns of letterbox left and right of a thin image (RapidOCR pads only above and below): the
 * first and last characters of a line touching the border were lost (tight crops: CER 0.011 → 0.007,
 * line exact-match 0.81 → 0.88 with 16; 32 read worse).
 */
const SIDE_PAD = 16;

export interface DetectionPlan {
  /** Detection tensor size, multiples of 32. */
  width: number;
  height: number;
  /** The working image is resized to contentWidth × contentHeight and placed at (left, top). */
  contentWidth: number;
  contentHeight: number;
  top: number;
  left: number;
}

/** Python's round (halves to even), as Immich and RapidOCR snap sides to 32 with it. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const snap = (side: number) => Math.max(STRIDE, roundHalfEven(side / STRIDE) * STRIDE);

export type ScaleKind = 'coarse' | 'immich' | 'upscale';
export interface DetectionScale {
  kind: ScaleKind;
  scale: number;
}

/** Immich's scale: the shorter side down to maxResolution, never up. */
export function immichScale(width: number, height: number, maxResolution: number): number {
  return Math.min(1, maxResolution / Math.min(width, height), MAX_DETECTION_SIDE / Math.max(width, height));
}

/**
 * The scales detection may run at, smallest first: a coarse one (the longer side at most
 * maxResolution too), Immich's, and an upscale of a small image (at most MAX_UPSCALE, never past
 * maxResolution on the shorter side). The first is tried first; the next runs only while the text
 * found is small for the scale (see detectAgain).
 */
export function detectionScales(width: number, height: number, maxResolution: number): DetectionScale[] {
  const immich = immichScale(width, height, maxResolution);
  const coarse = Math.min(immich, maxResolution / Math.max(width, height));
  const up = Math.min(Math.min(MAX_UPSCALE, maxResolution / Math.min(width, height)), MAX_DETECTION_SIDE / Math.max(width, height));
  const scales: DetectionScale[] = [];
  // a coarse pass that would shrink a strip below a few rows of text finds boxes no smaller than DB's growth
  if (coarse < immich / 1.15 && Math.min(width, height) * coarse >= MIN_COARSE_SIDE) scales.push({ kind: 'coarse', scale: coarse });
  scales.push({ kind: 'immich', scale: immich });
  if (up > immich * 1.2) scales.push({ kind: 'upscale', scale: up });
  return scales;
}

/**
 * Whether to detect again at the next scale: when some text found is small for the next step (the
 * smallest box height in detection pixels), or when a coarse detection found nothing. The smallest,
 * not the median: a poster's or a package's big lines hide its fine print from a median (RapidOCR's
 * 323×430 poster read 12 of 18 lines, its price labels' 6 px text missed). Line exact-match on
 * ocr-dev / the generated dev set: median 0.907 / 0.863, smallest 0.907 / 0.864; s/img unchanged.
 */
export function detectAgain(current: DetectionScale, next: DetectionScale | undefined, boxHeights: number[]): boolean {
  if (!next) return false;
  if (boxHeights.length === 0) return next.kind === 'immich';
  return Math.min(...boxHeights) * current.scale < SMALL_TEXT;
}

/**
 * Detection size for a `width × height` image at `scale`. Sides snap to multiples of 32 as in
 * Immich (int, then round to 32). A thin image (≤ 30 px high after scaling, or wider than 8:1)
 * keeps its scaled height and is letterboxed to about a quarter of its width, as RapidOCR does: DB
 * finds nothing in a strip whose text touches the border.
 */
export function planDetection(width: number, height: number, scale: number): DetectionPlan {
  const scaledWidth = Math.trunc(width * scale);
  const scaledHeight = Math.max(1, Math.trunc(height * scale));
  const contentWidth = snap(scaledWidth);
  if (scaledHeight > MIN_HEIGHT && scaledWidth / scaledHeight <= WIDE_RATIO) {
    const contentHeight = snap(scaledHeight);
    return { width: contentWidth, height: contentHeight, contentWidth, contentHeight, top: 0, left: 0 };
  }
  const padded = Math.ceil((2 * Math.max(Math.trunc(contentWidth / WIDE_RATIO), MIN_HEIGHT)) / STRIDE) * STRIDE;
  const tensorHeight = Math.max(padded, Math.ceil(scaledHeight / STRIDE) * STRIDE);
  const left = SIDE_PAD;
  return { width: contentWidth + 2 * left, height: tensorHeight, contentWidth, contentHeight: scaledHeight, top: (tensorHeight - scaledHeight) >> 1, left };
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
 * the plan's content area, the letterbox filled with black (RapidOCR's `add_round_letterbox`; the
 * image's own background colour there read tight crops worse: CER 0.029 vs 0.011).
 */
export async function detectionPixels(image: RgbImage, plan: DetectionPlan): Promise<RgbImage> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (image.width !== plan.contentWidth || image.height !== plan.contentHeight) {
    pipeline = pipeline.resize(plan.contentWidth, plan.contentHeight, { fit: 'fill', kernel: 'lanczos3' });
  }
  const bottom = plan.height - plan.contentHeight - plan.top;
  const right = plan.width - plan.contentWidth - plan.left;
  if (plan.top > 0 || bottom > 0 || plan.left > 0) pipeline = pipeline.extend({ top: plan.top, bottom, left: plan.left, right, background: { r: 0, g: 0, b: 0 } });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/**
 * Maps a point of the detector's output map (the tensor's size unless the model says otherwise)
 * back onto the working image. Not clamped: a box grown by the unclip distance may reach past the
 * edge of a tight crop, and reading it with that margin (filled with the background, see
 * crop-sampler.ts) keeps the characters at the edge; output boxes are clamped to the image.
 */
export function toWorking(plan: DetectionPlan, image: { width: number; height: number }, map: { width: number; height: number }): (p: Point) => Point {
  const mx = plan.width / map.width;
  const my = plan.height / map.height;
  const sx = image.width / plan.contentWidth;
  const sy = image.height / plan.contentHeight;
  return ([x, y]) => [(x * mx - plan.left) * sx, (y * my - plan.top) * sy];
}
