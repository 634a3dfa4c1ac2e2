/**
 * The one image decoder for OCR and CLIP: the first frame of anything sharp reads (JPEG, PNG incl.
 * 1-bit / grey / palette / 16-bit, WebP, GIF, TIFF, HEIF, CMYK), EXIF orientation applied, 8-bit sRGB
 * out, transparency resolved by the reader's policy. Undecodable input is an ImageDecodeError naming
 * the file.
 */
import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { describeImageInput, ImageDecodeError } from './image-decode-error';

export type ImageInput = string | Buffer;

/**
 * How a reader resolves transparency:
 * - `contrast` (OCR, RapidOCR's rule): composite on white when the visible pixels are dark on average
 *   (mean luminance of pixels with alpha > 0 below 128), else on black, so white text on a
 *   transparent sticker stays legible;
 * - `drop` (CLIP, Immich ML's `PIL.Image.convert("RGB")`): alpha discarded, every pixel keeps its
 *   stored colour, transparent ones included (nothing is premultiplied).
 */
export type AlphaPolicy = 'contrast' | 'drop';

/** Decoded 8-bit RGB pixels, row-major, 3 channels. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Refuse images whose header claims more pixels than this before decoding anything. */
const MAX_INPUT_PIXELS = 16384 * 16384;

export interface OpenedImage {
  /** How error messages name the input (its path, or a description of the buffer). */
  name: string;
  /** Size after EXIF orientation. */
  width: number;
  height: number;
  hasAlpha: boolean;
  /**
   * Decodes to RGB with `alpha` resolved, then applies `transform` (resize, crop, pad: anything that
   * keeps 3 channels). Without alpha this is one libvips pipeline from the file, started at once on
   * libvips' threads.
   */
  rgb(alpha: AlphaPolicy, transform?: (pipeline: sharp.Sharp) => sharp.Sharp): Promise<RgbImage>;
}

/** Reads the header (size after EXIF orientation, alpha); decoding starts with `rgb()`. */
export async function openImage(input: ImageInput): Promise<OpenedImage> {
  const name = describeImageInput(input);
  const fail = (reason: string, cause?: unknown) => new ImageDecodeError(`cannot read image ${name}: ${reason}`, name, { cause });
  let size = typeof input === 'string' ? -1 : input.length;
  if (typeof input === 'string') {
    try {
      size = (await stat(input)).size;
    } catch (error) {
      throw fail('no such file', error);
    }
  }
  if (size === 0) throw fail('empty file (0 bytes)');
  const source = () => sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 });
  let meta: sharp.Metadata;
  try {
    meta = await source().metadata();
  } catch (error) {
    throw fail(describe(error), error);
  }
  if (!meta.width || !meta.height) throw fail('no dimensions in header');
  const swap = (meta.orientation ?? 1) >= 5;
  const hasAlpha = meta.hasAlpha === true;
  const oriented = () => source().rotate().toColourspace('srgb');

  return {
    name,
    width: swap ? meta.height : meta.width,
    height: swap ? meta.width : meta.height,
    hasAlpha,
    async rgb(alpha, transform = (p) => p) {
      try {
        let pipeline: sharp.Sharp;
        if (!hasAlpha) {
          pipeline = oriented();
        } else {
          // alpha is resolved at full size before any resize: libvips premultiplies while resizing,
          // which would blacken transparent pixels
          const { data, info } = await oriented().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
          const rgb = alpha === 'drop' ? dropAlpha(data) : compositeForContrast(data);
          pipeline = sharp(rgb, { raw: { width: info.width, height: info.height, channels: 3 } });
        }
        const { data, info } = await transform(pipeline.removeAlpha()).raw().toBuffer({ resolveWithObject: true });
        if (info.channels !== 3) throw new Error(`unexpected channel count ${info.channels}`);
        return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
      } catch (error) {
        throw fail(`cannot decode: ${describe(error)}`, error);
      }
    },
  };
}

/** RGBA → RGB keeping every stored colour (Pillow's rgba2rgb). */
function dropAlpha(rgba: Buffer): Buffer {
  const out = Buffer.allocUnsafe((rgba.length / 4) * 3);
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) {
    out[o] = rgba[i];
    out[o + 1] = rgba[i + 1];
    out[o + 2] = rgba[i + 2];
  }
  return out;
}

/**
 * RGBA → RGB on the background that contrasts with the visible pixels (RapidOCR's
 * `cvt_four_to_three`): white if their mean luminance is below 128 (or nothing is visible), else
 * black; then rgb·α + background·(1 − α). Hand-written: two passes over the pixels, no library has it.
 */
function compositeForContrast(rgba: Buffer): Buffer {
  let luminance = 0;
  let visible = 0;
  let opaque = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const alpha = rgba[i + 3];
    if (alpha === 0) continue;
    if (alpha === 255) opaque++;
    luminance += 0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2];
    visible++;
  }
  // an alpha channel with every pixel opaque (most exported PNGs) composites to the stored colours
  if (opaque * 4 === rgba.length) return dropAlpha(rgba);
  const background = visible === 0 || luminance / visible < 128 ? 255 : 0;
  const out = Buffer.allocUnsafe((rgba.length / 4) * 3);
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) {
    const a = rgba[i + 3] / 255;
    const fill = background * (1 - a);
    out[o] = rgba[i] * a + fill;
    out[o + 1] = rgba[i + 1] * a + fill;
    out[o + 2] = rgba[i + 2] * a + fill;
  }
  return out;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
