/**
 * Every class of input from issue #13, drawn by the dev set's generators (scripts/ocr-dev-set) with
 * this file's own text and seeds, read on real ONNX sessions (embedded PP-OCRv4) and scored by CER.
 */
import sharp from 'sharp';
import { readingLines } from '../../server-module/ocr-text/reading-lines';
import { immichScale, planDetection } from '../../server-module/inference/ocr/input-stage';
import { alpha, angle, chat, exif, long, onebit, type Sample, small, tight, upsideDown } from '../../scripts/ocr-dev-set/classes';
import { prng } from '../../scripts/prng';
import { useEmbeddedEngine } from './engine';
import { boxBounds, cer } from './render';

const engine = useEmbeddedEngine();

/** CER of the rows read against the truth rows, joined (line order is checked where it matters). */
async function read(sample: Sample) {
  const result = await engine().run(sample.data);
  const rows = readingLines(result);
  return { result, rows, cer: cer(sample.lines.join(''), rows.join('')) };
}

/** Every box is a fraction of the image inside [0, 1]. */
function expectBoxesInside(box: number[]) {
  for (const v of box) {
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
  }
}

const ZH = ['春风又绿江南岸', '明月何时照我还', '会当凌绝顶一览众山小', '海内存知己天涯若比邻', '野火烧不尽春风吹又生', '欲穷千里目更上一层楼'];
const EN = ['Meet me at the north gate at noon', 'The train leaves from platform 7', 'Keep this receipt for your records'];
const NUMBERS = ['2024-05-18 14:32', '合计：¥128.50', '电话：021-64381234', '订单号 7302948861025533'];

describe('OCR input classes (issue #13) on the embedded PP-OCRv4', () => {
  it('small image (300-500 px) with 10-14 px text', async () => {
    const sample = await small(prng(901), ['本周末读书会', ...ZH.slice(0, 3), ...EN.slice(0, 2), ...NUMBERS.slice(0, 3)]);
    const { width, height } = await sharp(sample.data).metadata();
    expect(Math.max(width!, height!)).toBeLessThanOrEqual(500);
    const { cer: c, result } = await read(sample);
    expect(c).toBeLessThanOrEqual(0.05);
    expectBoxesInside(result.box);
  });

  it('small poster: fine print beside big lines is read too (detected again enlarged)', async () => {
    // drawn at 3× and shrunk to 330×440, as a web image: 40 px title, 20 px lines, 6 px price labels
    const k = 3;
    const line = (x: number, y: number, size: number, t: string, weight = 'normal') =>
      `<text x="${x * k}" y="${y * k}" font-family="Noto Sans CJK SC" font-size="${size * k}" font-weight="${weight}" fill="#1d1d6b">${t}</text>`;
    const fine = ['日常价 ¥39.90', '会员价 ¥35.00', '券后价 ¥19.90'];
    const body = [
      line(30, 60, 40, '限时特惠', 'bold'),
      line(30, 110, 20, '全场满减 包邮到家'),
      line(30, 150, 20, '冰点标准 假一赔十'),
      line(30, 200, 6, fine[0]), line(200, 200, 6, fine[1]),
      line(30, 260, 48, '5.8', 'bold'),
      line(140, 262, 6, fine[2]),
      line(30, 330, 20, '极速发货 破损就赔'),
    ].join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${330 * k}" height="${440 * k}"><rect width="100%" height="100%" fill="#f4eefc"/>${body}</svg>`;
    const poster = await sharp(await sharp(Buffer.from(svg)).png().toBuffer()).resize(330, 440).jpeg({ quality: 85 }).toBuffer();
    const { text } = await engine().run(poster);
    for (const t of fine) expect(Math.min(...text.map((r) => cer(t, r)))).toBeLessThanOrEqual(0.2);
    expect(text).toContain('限时特惠');
  });

  it.each([
    ['a Chinese line starting and ending with thin strokes', '一行字写到边上了。', 11],
    ['an English sentence', 'Best of all is to read the whole line.', 12],
    ['a plate in dark mode', '沪A·52019', 13],
  ])('tight one-line crop: %s', async (_what, line, seed) => {
    const sample = await tight(prng(seed), [line]);
    const { height } = await sharp(sample.data).metadata();
    expect(height).toBeLessThanOrEqual(48);
    const { cer: c, result } = await read(sample);
    expect(c).toBeLessThanOrEqual(1 / [...line.replace(/\s/g, '')].length); // one character at most
    expectBoxesInside(result.box);
  });

  it('a 1:90 line is read whole, its end included', async () => {
    const parts = ['第一段：春眠不觉晓，处处闻啼鸟。', 'Total: $88.20 paid by card.', '夜来风雨声，花落知多少。', '2024-05-18 14:32', '白日依山尽，黄河入海流。', '欲穷千里目，更上一层楼。', 'The end of the long line.', '最后一句在这里结束。'];
    const sample = await long(prng(21), [...parts, ...parts]);
    const { width, height } = await sharp(sample.data).metadata();
    expect(width! / height!).toBeGreaterThanOrEqual(40);
    const { cer: c, rows } = await read(sample);
    expect(rows).toHaveLength(1);
    expect(c).toBeLessThanOrEqual(0.03);
    const last = sample.lines[0].slice(-6);
    expect(rows[0].replace(/\s/g, '')).toContain(last.replace(/\s/g, ''));
  });

  it('reads a line wider than 1:80 (natural width would drop its end)', async () => {
    const text = '从前有座山，山里有座庙，庙里有个老和尚在给小和尚讲故事，讲的是什么呢？从前有座山，山里有座庙，庙里有个老和尚在给小和尚讲故事。2024年5月18日';
    const png = await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="2520" height="28"><rect width="100%" height="100%" fill="#fff"/><text x="4" y="22" font-family="Noto Sans CJK SC" font-size="21" fill="#111">${text}</text></svg>`)).png().toBuffer();
    const rows = readingLines(await engine().run(png));
    expect(cer(text, rows.join(''))).toBeLessThanOrEqual(0.03);
    expect(rows.join('')).toContain('2024年5月18日');
  });

  it.each([
    ['white', 31],
    ['black', 35],
  ])('%s text on a transparent PNG', async (_ink, seed) => {
    // the generator picks white or black from its seed: find a seed for each
    let sample: Sample;
    let s = seed;
    do sample = await alpha(prng(s++), ['透明贴纸', 'Sticker 2024']);
    while (_ink === 'white' ? !(await isWhiteInk(sample.data)) : await isWhiteInk(sample.data));
    expect((await sharp(sample.data).metadata()).hasAlpha).toBe(true);
    const { cer: c } = await read(sample);
    expect(c).toBeLessThanOrEqual(0.1);
  });

  it('1-bit PNG (a scan)', async () => {
    const sample = await onebit(prng(41), [...ZH.slice(2, 5), EN[2], NUMBERS[3]]);
    expect(sample.data.readUInt8(24)).toBe(1); // IHDR bit depth
    expect(sample.data.readUInt8(25)).toBe(0); // greyscale
    const { cer: c } = await read(sample);
    expect(c).toBeLessThanOrEqual(0.05);
  });

  it.each([3, 6, 8] as const)('EXIF orientation %i: read upright, size and boxes as displayed', async (orientation) => {
    const sample = await exif(prng(50 + orientation), ['停车场入口 P2', '营业时间 9:00-21:00'], orientation);
    const meta = await sharp(sample.data).metadata();
    const { cer: c, result } = await read(sample);
    expect(c).toBeLessThanOrEqual(0.05);
    expect([result.width, result.height]).toEqual(orientation >= 5 ? [meta.height, meta.width] : [meta.width, meta.height]);
    expectBoxesInside(result.box);
  });

  it('648×1440 chat screenshot with 14-20 px text (Immich detects it at 640×1440)', async () => {
    expect(planDetection(648, 1440, immichScale(648, 1440, 736))).toMatchObject({ width: 640, height: 1440 });
    const sample = await chat(prng(61), [ZH[0], EN[0], NUMBERS[0], `${ZH[1]} ${EN[1]}`, NUMBERS[1], ZH[2]]);
    const { cer: c } = await read(sample);
    expect(c).toBeLessThanOrEqual(0.03);
  });

  it('an upside-down page reads the right way round, rows in reading order', async () => {
    const sample = await upsideDown(prng(71), ['香蕉(斤)', '苹果(斤)', '牛奶 250ml', '合计'], ['5.50', '12.00', '3.80', '21.30']);
    const { rows } = await read(sample);
    expect(rows).toHaveLength(sample.lines.length);
    sample.lines.forEach((line, i) => expect(cer(line, rows[i])).toBeLessThanOrEqual(0.05));
  });

  it('a page photographed at an angle', async () => {
    const sample = await angle(prng(81), ['会议纪要', ...ZH.slice(0, 3), EN[0], NUMBERS[0]]);
    const { cer: c, result } = await read(sample);
    expect(c).toBeLessThanOrEqual(0.05);
    expectBoxesInside(result.box);
  });

  it('boxes of a letterboxed tight crop lie on its text', async () => {
    const sample = await tight(prng(14), ['框要落在字上 OK']);
    const { result } = await read(sample);
    const { width, height } = result;
    const ink = await sharp(sample.data).greyscale().raw().toBuffer({ resolveWithObject: true });
    const bg = ink.data[0];
    let x0 = width, x1 = 0;
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (Math.abs(ink.data[y * width + x] - bg) > 60) [x0, x1] = [Math.min(x0, x), Math.max(x1, x)];
    const box = boxBounds(result.box, 0, width, height);
    expect(box.x0).toBeLessThanOrEqual(x0 + 2);
    expect(box.x1).toBeGreaterThanOrEqual(x1 - 2);
    expect(box.y0).toBeGreaterThanOrEqual(0);
    expect(box.y1).toBeLessThanOrEqual(height);
  });
});

async function isWhiteInk(png: Buffer): Promise<boolean> {
  const { data } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let sum = 0, n = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 200) { sum += data[i] + data[i + 1] + data[i + 2]; n++; }
  return n > 0 && sum / n > 600;
}
