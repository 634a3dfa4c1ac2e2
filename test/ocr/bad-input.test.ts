import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { ImageDecodeError } from '../../server-module/inference/image-decode-error';
import { readingLines } from '../../server-module/ocr-text/reading-lines';
import { useEmbeddedEngine } from './engine';
import { cer, renderLines } from './render';

const engine = useEmbeddedEngine();

/** A real PNG whose IHDR claims another size (CRC recomputed, so only the size is a lie). */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer());
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
  return png;
}

describe('OCR on bad input: a clean error or an empty result, never a crash', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ocr-bad-'));
  });

  it('0-byte file → ImageDecodeError', async () => {
    const file = join(dir, 'empty.jpg');
    await writeFile(file, Buffer.alloc(0));
    await expect(engine().run(file)).rejects.toThrow(`cannot read image ${file}: empty file (0 bytes)`);
  });

  it('missing file → ImageDecodeError naming it', async () => {
    await expect(engine().run(join(dir, 'nope.png'))).rejects.toThrow(/cannot read image .*nope\.png: no such file/);
  });

  it('non-image bytes → ImageDecodeError', async () => {
    await expect(engine().run(Buffer.from('%PDF-1.4 definitely not an image'))).rejects.toBeInstanceOf(ImageDecodeError);
  });

  it('truncated JPEG → ImageDecodeError', async () => {
    const { png } = await renderLines(['截断的图片']);
    const jpeg = await sharp(png).jpeg().toBuffer();
    await expect(engine().run(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).rejects.toBeInstanceOf(ImageDecodeError);
  });

  it('20000×20000 header → ImageDecodeError before decoding', async () => {
    const error = await engine().run(await pngClaiming(20000, 20000)).catch((e) => e);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect(error.message).toMatch(/pixel limit/i);
  });

  it('1×1 image → empty result with its size', async () => {
    const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer();
    const r = await engine().run(tiny);
    expect(r).toMatchObject({ text: [], box: [], boxScore: [], textScore: [], width: 1, height: 1 });
  });

  it('CMYK JPEG → read like its sRGB original', async () => {
    const { png } = await renderLines(['印刷品 CMYK 4色'], { size: 44 });
    const cmyk = await sharp(png).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    expect(cer('印刷品 CMYK 4色', readingLines(await engine().run(cmyk)).join(''))).toBeLessThanOrEqual(0.15);
  });

  it.each(['gif', 'webp'] as const)('animated %s → the first frame only', async (format) => {
    const first = await renderLines(['第一帧'], { size: 48, width: 400 });
    const second = await renderLines(['SECOND'], { size: 48, width: 400 });
    const animated = await sharp([first.png, second.png], { join: { animated: true } })[format]().toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    const text = readingLines(await engine().run(animated)).join('');
    expect(cer('第一帧', text)).toBeLessThanOrEqual(0.34);
    expect(text).not.toMatch(/SECOND/i);
  });

  it('dark text with alpha is composited on white and read', async () => {
    const { png } = await renderLines(['透明背景'], { size: 48, background: 'none' });
    expect((await sharp(png).metadata()).hasAlpha).toBe(true);
    expect(cer('透明背景', readingLines(await engine().run(png)).join(''))).toBeLessThanOrEqual(0.25);
  });
});
