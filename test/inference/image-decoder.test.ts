/** The one image decoder (OCR and CLIP): formats, EXIF orientation and the two alpha policies, on real files. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { ImageDecodeError } from '../../server-module/inference/image-decode-error';
import { openImage, type RgbImage } from '../../server-module/inference/image-decoder';
import { oneBitPng } from '../../scripts/ocr-dev-set/classes';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'image-decoder-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const pixel = (image: RgbImage, x: number, y: number) => Array.from(image.data.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3));
const decode = async (input: Buffer | string, alpha: 'contrast' | 'drop' = 'contrast') => (await openImage(input)).rgb(alpha);

describe('image decoder: formats', () => {
  it('16-bit RGB and 16-bit grey PNG → 8-bit sRGB (scaled, not clipped)', async () => {
    const rgb16 = new Uint16Array(4 * 2 * 3).map((_, i) => [200 * 257, 1000, 65535][i % 3]);
    const png16 = await sharp(rgb16, { raw: { width: 4, height: 2, channels: 3 } }).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(png16).metadata()).depth).toBe('ushort');
    expect(pixel(await decode(png16), 1, 1)).toEqual([200, 3, 255]);
    const grey16 = await sharp(new Uint16Array(8).fill(77 * 257), { raw: { width: 4, height: 2, channels: 1 } }).toColourspace('grey16').png().toBuffer();
    expect(pixel(await decode(grey16), 2, 0)).toEqual([77, 77, 77]);
  });

  it('1-bit greyscale PNG → black and white RGB', async () => {
    const grey = new Uint8Array([0, 255, 255, 0, 255, 0, 0, 255, 0]);
    const png = oneBitPng(grey, 3, 3);
    expect([png.readUInt8(24), png.readUInt8(25)]).toEqual([1, 0]);
    const image = await decode(png);
    expect([pixel(image, 0, 0), pixel(image, 1, 0), pixel(image, 2, 2)]).toEqual([[0, 0, 0], [255, 255, 255], [0, 0, 0]]);
  });

  it('8-bit grey and CMYK JPEG → sRGB close to the original colours', async () => {
    const grey = await sharp(Buffer.from([10, 128, 250, 64]), { raw: { width: 2, height: 2, channels: 1 } }).png().toBuffer();
    expect(pixel(await decode(grey), 1, 0)).toEqual([128, 128, 128]);
    const colour = await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 200, g: 60, b: 40 } } }).png().toBuffer();
    const cmyk = await sharp(colour).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const [r, g, b] = pixel(await decode(cmyk), 8, 8);
    expect(Math.abs(r - 200) + Math.abs(g - 60) + Math.abs(b - 40)).toBeLessThan(40);
  });

  it('animated GIF → its first frame', async () => {
    const red = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } }).png().toBuffer();
    const blue = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0000ff' } }).png().toBuffer();
    const gif = await sharp([red, blue], { join: { animated: true } }).gif().toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const image = await decode(gif);
    expect([image.width, image.height]).toEqual([8, 8]);
    const [r, , b] = pixel(image, 4, 4);
    expect(r).toBeGreaterThan(200);
    expect(b).toBeLessThan(50);
  });

  it('EXIF orientation 6: size and pixels as displayed (turned 90° clockwise)', async () => {
    // stored 2 wide × 1 high: red, blue; displayed 1 wide × 2 high: red on top
    const stored = await sharp(Buffer.from([255, 0, 0, 0, 0, 255]), { raw: { width: 2, height: 1, channels: 3 } }).png().withMetadata({ orientation: 6 }).toBuffer();
    const opened = await openImage(stored);
    expect([opened.width, opened.height]).toEqual([1, 2]);
    const image = await opened.rgb('drop');
    expect([pixel(image, 0, 0), pixel(image, 0, 1)]).toEqual([[255, 0, 0], [0, 0, 255]]);
  });

  it('undecodable input → ImageDecodeError naming the file', async () => {
    const file = path.join(dir, 'broken.png');
    await writeFile(file, 'not a png');
    await expect(openImage(file)).rejects.toBeInstanceOf(ImageDecodeError);
    await expect(openImage(file)).rejects.toThrow(`cannot read image ${file}`);
  });
});

describe('image decoder: alpha policies', () => {
  /** 4×1 RGBA: opaque `ink`, half-transparent `ink`, and two fully transparent pixels storing red. */
  const strip = (ink: number) => sharp(Buffer.from([ink, ink, ink, 255, ink, ink, ink, 128, 255, 0, 0, 0, 255, 0, 0, 0]), { raw: { width: 4, height: 1, channels: 4 } }).png().toBuffer();

  it('contrast (OCR): white text on transparent is composited on black, black text on white', async () => {
    const white = await decode(await strip(255), 'contrast');
    expect([pixel(white, 0, 0), pixel(white, 2, 0)]).toEqual([[255, 255, 255], [0, 0, 0]]);
    expect(pixel(white, 1, 0)[0]).toBeGreaterThan(120);
    expect(pixel(white, 1, 0)[0]).toBeLessThan(135);
    const black = await decode(await strip(0), 'contrast');
    expect([pixel(black, 0, 0), pixel(black, 2, 0)]).toEqual([[0, 0, 0], [255, 255, 255]]);
  });

  it('contrast (OCR): a fully transparent image is white', async () => {
    const clear = await sharp(Buffer.alloc(4 * 4), { raw: { width: 2, height: 2, channels: 4 } }).png().toBuffer();
    expect(pixel(await decode(clear, 'contrast'), 1, 1)).toEqual([255, 255, 255]);
  });

  it('drop (CLIP, Immich ML convert("RGB")): every pixel keeps its stored colour, transparent ones too', async () => {
    const image = await decode(await strip(255), 'drop');
    expect([pixel(image, 0, 0), pixel(image, 1, 0), pixel(image, 2, 0), pixel(image, 3, 0)]).toEqual([[255, 255, 255], [255, 255, 255], [255, 0, 0], [255, 0, 0]]);
  });

  it('alpha is resolved before a resize, so transparent pixels are not averaged in as black', async () => {
    const image = await (await openImage(await strip(255))).rgb('drop', (p) => p.resize(2, 1, { fit: 'fill', kernel: 'linear' }));
    const [r, g, b] = pixel(image, 1, 0); // the two stored-red pixels (a little of their white neighbour)
    expect(r).toBe(255);
    expect(g + b).toBeLessThan(100);
  });
});
