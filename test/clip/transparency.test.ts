/**
 * Images with transparency embed as Immich's ML service embeds them: the reference tensor comes from
 * Pillow (Debian's python3-pil) running Immich ML's own preprocessing (reference/immich_preprocess.py),
 * compared through a generated CLIP-sized (224 px) linear visual model in Immich's cache layout.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { ClipModel } from '../../server-module/inference/clip';
import { normalizeInto, planResize } from '../../server-module/inference/clip/preprocess';
import { ModelManager } from '../../server-module/inference/model-manager';
import { type ImmichModelFixture, writeImmichModel } from './fixtures';
import { l2normalize, linearMap } from './tiny-models';

const SIZE = 224;
const DIM = 8;
const MEAN = [0.48145466, 0.4578275, 0.40821073];
const STD = [0.26862954, 0.26130258, 0.27577711];
const PYTHON = '/usr/bin/python3';

let dir: string;
let model: ImmichModelFixture;
let manager: ModelManager;

/** Immich ML's preprocessed tensor for `file`, computed by Pillow. */
function referenceTensor(file: string): Float32Array {
  const script = path.join(__dirname, 'reference', 'immich_preprocess.py');
  const out = execFileSync(PYTHON, [script, file, String(SIZE), MEAN.join(','), STD.join(',')], { maxBuffer: 1 << 24 });
  return new Float32Array(out.buffer, out.byteOffset, out.length / 4);
}

const cosine = (a: Float32Array, b: Float32Array) => {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
};

/** A photo-like RGBA picture: colour gradients with structure, alpha from `alpha(x, y)`; stored colours kept under α = 0. */
function rgba(width: number, height: number, alpha: (x: number, y: number) => number): Buffer {
  const raw = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      raw[i] = (x * 255) / width;
      raw[i + 1] = 128 + 100 * Math.sin(x / 17 + y / 23);
      raw[i + 2] = (y * 255) / height;
      raw[i + 3] = alpha(x, y);
    }
  }
  return raw;
}

/** Files with transparency in the forms people have: a transparent band, graded alpha, a sticker, grey + alpha, palette + tRNS, WebP. */
async function transparentImages(): Promise<Record<string, string>> {
  const file = (name: string) => path.join(dir, name);
  const [w, h] = [360, 240];
  const band = rgba(w, h, (_x, y) => (y > 80 && y < 150 ? 0 : 255));
  const graded = rgba(w, h, (x) => Math.round((x * 255) / (w - 1)));
  await sharp(band, { raw: { width: w, height: h, channels: 4 } }).png().toFile(file('band.png'));
  await sharp(graded, { raw: { width: w, height: h, channels: 4 } }).png().toFile(file('graded.png'));
  await sharp(graded, { raw: { width: w, height: h, channels: 4 } }).webp({ lossless: true, exact: true }).toFile(file('graded.webp'));
  await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="300" height="260"><text x="20" y="150" font-family="Noto Sans CJK SC" font-size="72" font-weight="bold" fill="#fff">贴纸 OK</text></svg>`))
    .png()
    .toFile(file('sticker.png'));
  const greyAlpha = Buffer.alloc(w * h * 2);
  for (let i = 0; i < w * h; i++) {
    greyAlpha[i * 2] = (i * 7) % 256;
    greyAlpha[i * 2 + 1] = i % w < w / 2 ? 0 : 200;
  }
  await sharp(greyAlpha, { raw: { width: w, height: h, channels: 2 } }).png().toFile(file('grey-alpha.png'));
  await sharp(band, { raw: { width: w, height: h, channels: 4 } }).png({ palette: true, colours: 64, dither: 0 }).toFile(file('palette-trns.png'));
  return {
    'a transparent band (stored colours under alpha 0)': file('band.png'),
    'alpha graded 0→255 across the image': file('graded.png'),
    'the same as lossless WebP': file('graded.webp'),
    'white text on a transparent background': file('sticker.png'),
    'grey + alpha': file('grey-alpha.png'),
    'a palette PNG with tRNS transparency': file('palette-trns.png'),
  };
}

let images: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'clip-alpha-'));
  model = await writeImmichModel(path.join(dir, 'clip', 'Tiny-224__test'), { size: SIZE, dim: DIM, contextLength: 8 });
  images = await transparentImages();
});
beforeEach(() => {
  manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: 1 });
});
afterEach(() => manager.dispose());
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('CLIP on images with transparency (Immich ML semantics: alpha dropped, stored colours kept)', () => {
  it('the band stores colour under alpha 0; resizing with alpha (premultiplied) and dropping it afterwards is far from the reference', async () => {
    const band = images['a transparent band (stored colours under alpha 0)'];
    const { data } = await sharp(band).raw().toBuffer({ resolveWithObject: true });
    const i = (100 * 360 + 200) * 4;
    expect(data[i + 3]).toBe(0);
    expect(data[i] + data[i + 1] + data[i + 2]).toBeGreaterThan(200);
    // the pipeline this test guards against: libvips premultiplies while resizing, the band turns black
    const plan = planResize(360, 240, { size: SIZE, resizeMode: 'shortest' });
    const blackened = await sharp(band).resize(plan.width, plan.height, { fit: 'fill', kernel: 'cubic' }).extract(plan.crop!).removeAlpha().raw().toBuffer();
    const tensor = new Float32Array(3 * SIZE * SIZE);
    normalizeInto(blackened, { size: SIZE, mean: MEAN as [number, number, number], std: STD as [number, number, number], interpolation: 'bicubic', resizeMode: 'shortest', fillColor: 0 }, tensor, 0);
    const reference = l2normalize(linearMap(referenceTensor(band), model.visual.weights, DIM));
    expect(cosine(l2normalize(linearMap(tensor, model.visual.weights, DIM)), reference)).toBeLessThan(0.95);
  });

  it.each(['a transparent band (stored colours under alpha 0)', 'alpha graded 0→255 across the image', 'the same as lossless WebP', 'white text on a transparent background', 'grey + alpha', 'a palette PNG with tRNS transparency'])(
    '%s: cosine ≥ 0.995 to the embedding of Pillow\'s tensor',
    async (name) => {
      const clip = await ClipModel.open(model.dir, manager);
      const ours = await clip.encodeImage(images[name]);
      const reference = l2normalize(linearMap(referenceTensor(images[name]), model.visual.weights, DIM));
      expect(cosine(ours, reference)).toBeGreaterThanOrEqual(0.995);
    },
  );
});
