import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { describeImageInput, ImageDecodeError } from '../image-decode-error';
import { RgbImage } from './types';

/** Longest side kept for cropping text lines: beyond this, recognition gains nothing and memory grows. */
const MAX_WORKING_SIDE = 4096;
/** Refuse images whose header claims more pixels than this before decoding anything. */
const MAX_INPUT_PIXELS = 16384 * 16384;

export interface DecodedImage {
  /** Pixels used for cropping (original, or downscaled to MAX_WORKING_SIDE). */
  rgb: RgbImage;
  /** Size of the image as stored in the file, after EXIF orientation. */
  originalWidth: number;
  originalHeight: number;
}

/** Decodes the first frame of any image sharp reads, honouring EXIF orientation, into sRGB pixels. */
export async function decodeImage(input: string | Buffer): Promise<DecodedImage> {
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
  let pipeline: sharp.Sharp;
  let meta: sharp.Metadata;
  try {
    pipeline = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 });
    meta = await pipeline.metadata();
  } catch (error) {
    throw fail(describe(error), error);
  }
  if (!meta.width || !meta.height) {
    throw fail('no dimensions in header');
  }
  const swap = (meta.orientation ?? 1) >= 5;
  const originalWidth = swap ? meta.height : meta.width;
  const originalHeight = swap ? meta.width : meta.height;
  const scale = Math.min(1, MAX_WORKING_SIDE / Math.max(originalWidth, originalHeight));

  try {
    let working = pipeline.rotate().toColourspace('srgb').flatten({ background: '#ffffff' });
    if (scale < 1) {
      working = working.resize(Math.round(originalWidth * scale), Math.round(originalHeight * scale), { fit: 'fill' });
    }
    const { data, info } = await working.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) {
      throw new Error(`unexpected channel count ${info.channels}`);
    }
    return {
      rgb: { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height },
      originalWidth,
      originalHeight,
    };
  } catch (error) {
    throw fail(`cannot decode: ${describe(error)}`, error);
  }
}

/** Resizes RGB pixels to an exact size (sharp's Lanczos, as Immich's PIL LANCZOS resize). */
export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
