/**
 * CLIP image preprocessing: decode (the shared image decoder, alpha dropped as Immich ML drops it),
 * resize per preprocess_cfg.json, normalise into a CHW float32 plane, written straight into a batch
 * tensor.
 * Resize arithmetic follows Immich ML (`resize_pil` + `crop_pil`): the short side becomes `size`,
 * the long side int(long/short*size), then a centre crop at int(w/2 - size/2).
 */
import sharp from 'sharp';
import { ImageDecodeError } from '../image-decode-error';
import { type ImageInput, openImage } from '../image-decoder';
import type { Interpolation, PreprocessConfig } from './clip-config';

export type { ImageInput };

const KERNEL: Record<Interpolation, keyof sharp.KernelEnum> = {
  bicubic: 'cubic', // Catmull-Rom, the a = -0.5 cubic PIL's BICUBIC uses
  bilinear: 'linear',
  nearest: 'nearest',
  lanczos: 'lanczos3',
};

export interface ResizePlan {
  width: number;
  height: number;
  /** centre crop after resizing ('shortest') */
  crop?: { left: number; top: number; width: number; height: number };
  /** centred padding after resizing ('longest') */
  pad?: { top: number; bottom: number; left: number; right: number };
}

export function planResize(width: number, height: number, cfg: Pick<PreprocessConfig, 'size' | 'resizeMode'>): ResizePlan {
  const size = cfg.size;
  if (cfg.resizeMode === 'squash') return { width: size, height: size };
  if (cfg.resizeMode === 'longest') {
    const w = width >= height ? size : Math.max(1, Math.round((width / height) * size));
    const h = width >= height ? Math.max(1, Math.round((height / width) * size)) : size;
    // torchvision center_crop padding: the odd pixel goes right/bottom
    return { width: w, height: h, pad: { left: (size - w) >> 1, right: (size - w + 1) >> 1, top: (size - h) >> 1, bottom: (size - h + 1) >> 1 } };
  }
  const w = width < height ? size : Math.trunc((width / height) * size);
  const h = width < height ? Math.trunc((height / width) * size) : size;
  const left = Math.trunc(w / 2 - size / 2);
  const top = Math.trunc(h / 2 - size / 2);
  return { width: w, height: h, crop: { left, top, width: size, height: size } };
}

/** Decoded, resized RGB bytes (HWC, size×size×3). */
export async function loadRgb(input: ImageInput, cfg: PreprocessConfig): Promise<Buffer> {
  return (await startRgb(input, cfg)).pixels;
}

/**
 * Reads the image header, then starts decoding on libvips' threads without waiting for it: the
 * caller can run the model on the previous batch while `pixels` is being produced (session.run
 * blocks the JS thread, so a decode that still needed a JS continuation would not overlap).
 * Transparency follows Immich ML (`convert("RGB")`): alpha is dropped, pixels keep their stored colour.
 */
export async function startRgb(input: ImageInput, cfg: PreprocessConfig): Promise<{ pixels: Promise<Buffer> }> {
  const image = await openImage(input);
  const plan = planResize(image.width, image.height, cfg);
  const pixels = image
    .rgb('drop', (pipeline) => {
      let resized = pipeline.resize(plan.width, plan.height, { fit: 'fill', kernel: KERNEL[cfg.interpolation] });
      if (plan.crop) resized = resized.extract(plan.crop);
      if (plan.pad) resized = resized.extend({ ...plan.pad, background: { r: cfg.fillColor, g: cfg.fillColor, b: cfg.fillColor } });
      return resized;
    })
    .then(({ data, width, height }) => {
      if (width !== cfg.size || height !== cfg.size) {
        throw new ImageDecodeError(`cannot read image ${image.name}: unexpected decode result ${width}x${height}`, image.name);
      }
      return Buffer.from(data.buffer, data.byteOffset, data.length);
    });
  pixels.catch(() => undefined); // handled by whoever awaits it; never an unhandled rejection meanwhile
  return { pixels };
}

/**
 * HWC RGB bytes → CHW (x/255 - mean)/std, written at `offset` of `target`.
 * Hand-written: it is the per-pixel hot path and needs no library.
 */
export function normalizeInto(rgb: Buffer, cfg: PreprocessConfig, target: Float32Array, offset: number): void {
  const plane = cfg.size * cfg.size;
  const [s0, s1, s2] = cfg.std.map((s) => 1 / (255 * s));
  const [o0, o1, o2] = cfg.mean.map((m, c) => -m / cfg.std[c]);
  const r = offset;
  const g = offset + plane;
  const b = offset + 2 * plane;
  for (let i = 0, j = 0; i < plane; i++, j += 3) {
    target[r + i] = rgb[j] * s0 + o0;
    target[g + i] = rgb[j + 1] * s1 + o1;
    target[b + i] = rgb[j + 2] * s2 + o2;
  }
}

/** One image → a fresh [3,size,size] float32 array. */
export async function preprocessImage(input: ImageInput, cfg: PreprocessConfig): Promise<Float32Array> {
  const out = new Float32Array(3 * cfg.size * cfg.size);
  normalizeInto(await loadRgb(input, cfg), cfg, out, 0);
  return out;
}
