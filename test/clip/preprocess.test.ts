import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { parsePreprocessConfig, type PreprocessConfig } from '../../server-module/inference/clip/clip-config';
import { planResize, preprocessImage } from '../../server-module/inference/clip/preprocess';
import { ImageDecodeError } from '../../server-module/inference/image-decode-error';
import { ModelLoadError } from '../../server-module/inference/model-errors';
import { writeRgbPng } from './fixtures';

const MEAN: [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
const STD: [number, number, number] = [0.26862954, 0.26130258, 0.27577711];
const cfg = (over: Partial<PreprocessConfig>): PreprocessConfig => ({ size: 2, mean: MEAN, std: STD, interpolation: 'nearest', resizeMode: 'shortest', fillColor: 0, ...over });
/** hand-written (v/255 - mean)/std for each channel */
const norm = (rgb: number[]) => rgb.map((v, c) => (v / 255 - MEAN[c]) / STD[c]);
/** CHW layout from a row-major list of pixels */
function chw(pixels: number[][]): number[] {
  const n = pixels.map(norm);
  return [0, 1, 2].flatMap((c) => n.map((p) => p[c]));
}

const A = [200, 10, 30];
const B = [20, 220, 40];
const C = [90, 60, 250];
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'clip-preprocess-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('planResize (Immich ML arithmetic)', () => {
  it('shortest side to size, long side truncated, centre crop at int(w/2 - size/2)', () => {
    expect(planResize(640, 480, { size: 224, resizeMode: 'shortest' })).toEqual({ width: 298, height: 224, crop: { left: 37, top: 0, width: 224, height: 224 } });
    expect(planResize(480, 640, { size: 224, resizeMode: 'shortest' })).toEqual({ width: 224, height: 298, crop: { left: 0, top: 37, width: 224, height: 224 } });
    expect(planResize(1000, 333, { size: 224, resizeMode: 'shortest' })).toEqual({ width: 672, height: 224, crop: { left: 224, top: 0, width: 224, height: 224 } });
  });
  it('squash ignores the aspect ratio; longest pads the short side, odd pixel right/bottom', () => {
    expect(planResize(640, 480, { size: 224, resizeMode: 'squash' })).toEqual({ width: 224, height: 224 });
    expect(planResize(640, 481, { size: 224, resizeMode: 'longest' })).toEqual({ width: 224, height: 168, pad: { left: 0, right: 0, top: 28, bottom: 28 } });
    expect(planResize(3, 10, { size: 5, resizeMode: 'longest' })).toEqual({ width: 2, height: 5, pad: { left: 1, right: 2, top: 0, bottom: 0 } });
  });
});

describe('preprocessImage numerics', () => {
  // 6x2 image of three 2x2 blocks A | B | C
  const blocks = (x: number) => (x < 2 ? A : x < 4 ? B : C) as [number, number, number];

  it('shortest + centre crop keeps the middle columns, normalised per channel, CHW', async () => {
    const file = await writeRgbPng(path.join(dir, 'blocks.png'), 6, 2, blocks);
    const out = await preprocessImage(file, cfg({ resizeMode: 'shortest' }));
    // 6x2 → shortest side already 2 → crop columns 2..3 → B B / B B
    expectClose(out, chw([B, B, B, B]));
  });

  it('squash samples across the whole width', async () => {
    const file = await writeRgbPng(path.join(dir, 'blocks-squash.png'), 6, 2, blocks);
    const out = await preprocessImage(file, cfg({ resizeMode: 'squash' }));
    // nearest 6→2: output columns sample source columns 1 and 4 → A C / A C
    expectClose(out, chw([A, C, A, C]));
  });

  it('longest pads with the fill colour', async () => {
    const file = await writeRgbPng(path.join(dir, 'wide.png'), 4, 2, () => A as [number, number, number]);
    const out = await preprocessImage(file, cfg({ size: 4, resizeMode: 'longest', fillColor: 0 }));
    const Z = [0, 0, 0];
    expectClose(out, chw([Z, Z, Z, Z, A, A, A, A, A, A, A, A, Z, Z, Z, Z]));
  });

  it('downscales a uniform image to exactly its colour with bicubic', async () => {
    const file = await writeRgbPng(path.join(dir, 'uniform.png'), 40, 30, () => C as [number, number, number]);
    const out = await preprocessImage(file, cfg({ size: 8, interpolation: 'bicubic' }));
    expect(out.length).toBe(3 * 64);
    expectClose(out, chw(new Array(64).fill(C)));
  });

  it('drops alpha, expands grayscale to RGB and applies EXIF orientation', async () => {
    const rgba = path.join(dir, 'rgba.png');
    await sharp(Buffer.from([...A, 10, ...A, 10, ...A, 10, ...A, 10]), { raw: { width: 2, height: 2, channels: 4 } }).png().toFile(rgba);
    expectClose(await preprocessImage(rgba, cfg({})), chw([A, A, A, A]));

    const gray = path.join(dir, 'gray.png');
    await sharp(Buffer.from([77, 77, 77, 77]), { raw: { width: 2, height: 2, channels: 1 } }).png().toFile(gray);
    expectClose(await preprocessImage(gray, cfg({})), chw([[77, 77, 77], [77, 77, 77], [77, 77, 77], [77, 77, 77]]));

    // stored as 2 wide x 6 tall A/B/C from top; orientation 6 (rotate 90° cw) shows it 6 wide: C B A left→right
    const rotated = path.join(dir, 'rotated.webp');
    const raw = Buffer.alloc(2 * 6 * 3);
    for (let y = 0; y < 6; y++) for (let x = 0; x < 2; x++) raw.set(blocks(y), (y * 2 + x) * 3);
    await sharp(raw, { raw: { width: 2, height: 6, channels: 3 } }).webp({ lossless: true }).withMetadata({ orientation: 6 }).toFile(rotated);
    expectClose(await preprocessImage(rotated, cfg({ resizeMode: 'squash' })), chw([C, A, C, A]));
  });

  it('reports an unreadable image as ImageDecodeError naming the file', async () => {
    const bad = path.join(dir, 'bad.jpg');
    await writeFile(bad, 'not an image');
    await expect(preprocessImage(bad, cfg({}))).rejects.toThrow(ImageDecodeError);
    await expect(preprocessImage(bad, cfg({}))).rejects.toThrow(`cannot read image ${bad}`);
    await expect(preprocessImage(path.join(dir, 'missing.png'), cfg({}))).rejects.toThrow(ImageDecodeError);
  });
});

describe('parsePreprocessConfig', () => {
  it('reads open_clip preprocess_cfg.json and rejects what it cannot honour', () => {
    const parsed = parsePreprocessConfig({ size: [224, 224], mean: MEAN, std: STD, interpolation: 'bicubic', resize_mode: 'squash' }, 'p.json');
    expect(parsed).toEqual({ size: 224, mean: MEAN, std: STD, interpolation: 'bicubic', resizeMode: 'squash', fillColor: 0 });
    expect(parsePreprocessConfig({ size: 256 }, 'p.json')).toMatchObject({ size: 256, resizeMode: 'shortest', interpolation: 'bicubic', mean: MEAN });
    expect(() => parsePreprocessConfig({ size: [224, 192] }, 'p.json')).toThrow(ModelLoadError);
    expect(() => parsePreprocessConfig({ size: 224, interpolation: 'area' }, 'p.json')).toThrow('unsupported "interpolation"');
    expect(() => parsePreprocessConfig({ size: 224, mean: [0.5] }, 'p.json')).toThrow('"mean" must be 3 numbers');
  });
});

function expectClose(actual: Float32Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(...expected.map((e, i) => Math.abs(e - actual[i])));
  if (worst > 1e-5) expect(Array.from(actual)).toEqual(expected);
}
