import sharp from 'sharp';
import { readingLines } from '../../server-module/ocr-text/reading-lines';
import { useEmbeddedEngine } from './engine';
import { boxBounds, cer, inkBox, overlapRatio, renderLines } from './render';

const engine = useEmbeddedEngine();

describe('OCR on rendered text (embedded PP-OCRv4, real ONNX sessions)', () => {
  it.each([
    ['Chinese', '增值税专用发票', 0.1],
    ['English', 'Immich keeps your photos safe', 0.1],
    ['digits', '2024-03-15 138 0013 8000', 0.1],
    ['mixed', '发票号码 No.35835237 金额 ¥128.50', 0.1],
  ])('reads a %s line', async (_kind, text, maxCer) => {
    const image = await renderLines([text]);
    const result = await engine().run(image.png);
    expect(result.text.length).toBeGreaterThan(0);
    expect(cer(text, readingLines(result).join(''))).toBeLessThanOrEqual(maxCer);
  });

  it('returns Immich\'s OCR shape: 8 box numbers per text, fractions of the image size, scores in [0, 1]', async () => {
    const image = await renderLines(['第一行文字', 'second line'], { size: 36 });
    const r = await engine().run(image.png);
    expect(r.width).toBe(image.width);
    expect(r.height).toBe(image.height);
    expect(r.box).toHaveLength(r.text.length * 8);
    expect(r.boxScore).toHaveLength(r.text.length);
    expect(r.textScore).toHaveLength(r.text.length);
    for (const v of [...r.box, ...r.boxScore, ...r.textScore]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('reads several lines top to bottom, each box over the ink it read', async () => {
    const texts = ['春眠不觉晓', 'Spring sleep', '处处闻啼鸟 2024'];
    const image = await renderLines(texts, { size: 44 });
    const r = await engine().run(image.png);
    const lines = readingLines(r);
    expect(lines).toHaveLength(3);
    texts.forEach((t, i) => expect(cer(t, lines[i])).toBeLessThanOrEqual(0.1));

    for (let i = 0; i < r.text.length; i++) {
      const box = boxBounds(r.box, i, r.width, r.height);
      const drawn = image.lines.find((l) => Math.abs((box.y0 + box.y1) / 2 - (l.y - l.size * 0.4)) < l.size * 0.6)!;
      expect(drawn).toBeDefined();
      const ink = await inkBox(image.png, { left: 0, top: Math.round(drawn.y - drawn.size * 1.1), width: image.width, height: Math.round(drawn.size * 1.4) });
      expect(overlapRatio(box, ink)).toBeGreaterThan(0.9);
    }
  });

  it('reads text rotated by a small angle', async () => {
    const texts = ['订单号 2020500201447339', '客服热线 400-887-7439'];
    const image = await renderLines(texts, { size: 40 });
    const skewed = await sharp(image.png).rotate(6, { background: '#ffffff' }).png().toBuffer();
    const lines = readingLines(await engine().run(skewed));
    texts.forEach((t) => expect(Math.min(...lines.map((l) => cer(t, l)))).toBeLessThanOrEqual(0.15));
  });

  it('reads upside-down text the right way round (direction classifier), in reading order', async () => {
    const texts = ['恩仇不可太明', 'USB-C 充电线 2m'];
    const image = await renderLines(texts, { size: 44 });
    const flipped = await sharp(image.png).rotate(180).png().toBuffer();
    const lines = readingLines(await engine().run(flipped));
    expect(lines).toHaveLength(2);
    texts.forEach((t, i) => expect(cer(t, lines[i])).toBeLessThanOrEqual(0.15));
  });

  it('finds small text inside a large photo-like image', async () => {
    const panel = await renderLines(['停车场入口 P2'], { size: 32, padding: 12, background: '#f4f1e8' });
    const photo = await sharp({ create: { width: 1920, height: 1080, channels: 3, background: '#4a6b3a', noise: { type: 'gaussian', mean: 110, sigma: 40 } } })
      .composite([{ input: panel.png, left: 1200, top: 700 }])
      .jpeg({ quality: 85 })
      .toBuffer();
    const r = await engine().run(photo);
    const lines = readingLines(r);
    expect(Math.min(...lines.map((l) => cer('停车场入口 P2', l)))).toBeLessThanOrEqual(0.15);
    const i = r.text.findIndex((t) => t.includes('停车场'));
    const box = boxBounds(r.box, i, r.width, r.height);
    expect(box.x0).toBeGreaterThan(1180);
    expect(box.y0).toBeGreaterThan(690);
  });

  it('drops texts below minRecognitionScore', async () => {
    const image = await renderLines(['清晰的文字', 'clear text'], { size: 40 });
    const all = await engine().run(image.png, { minRecognitionScore: 0 });
    const none = await engine().run(image.png, { minRecognitionScore: 1.01 });
    expect(all.text.length).toBeGreaterThan(0);
    expect(none.text).toEqual([]);
    expect(none.box).toEqual([]);
  });

  it('finds nothing on a blank image', async () => {
    const blank = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#ffffff' } }).png().toBuffer();
    expect((await engine().run(blank)).text).toEqual([]);
  });
});
