/**
 * Thin glyphs at the ends of a line — a leading attribution dash, a closing quote — often lie outside
 * the detector's box: DB finds the shrunk core of the line and grows it evenly, so on photos the box
 * can start at the first letter. Recognition reads past both ends of a box (toTextLines), so they are
 * still read. Real embedded PP-OCRv4 recogniser on rendered lines, with the box the detector gives on
 * such photos: from the first letter after the dash, or up to the last character before the quote.
 */
import sharp from 'sharp';
import { openImage, RgbImage } from '../../server-module/inference/image-decoder';
import { ModelManager } from '../../server-module/inference/model-manager';
import { loadDictionary } from '../../server-module/inference/ocr/dictionary';
import { embeddedOcrModel } from '../../server-module/inference/ocr/ocr-models';
import { TextRecogniser } from '../../server-module/inference/ocr/recognition';
import { TextLine, toTextLines } from '../../server-module/inference/ocr/text-line';
import type { Quad } from '../../server-module/inference/ocr/types';
import { renderLines } from './render';

const manager = new ModelManager({ idleUnloadMs: 0 });
let recogniser: TextRecogniser;
beforeAll(async () => {
  const model = embeddedOcrModel();
  recogniser = new TextRecogniser(manager.model(model.recognition), await loadDictionary(model.recognition, model.dictionary));
});
afterAll(() => manager.dispose());

/** Columns holding dark ink, and the rows spanned by it, of a rendered one-line image. */
async function inkColumns(png: Buffer): Promise<{ image: RgbImage; columns: number[]; top: number; bottom: number }> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const columns: number[] = [];
  let top = Infinity, bottom = -1;
  for (let x = 0; x < info.width; x++) {
    let inked = false;
    for (let y = 0; y < info.height; y++) {
      if (data[y * info.width + x] < 128) {
        inked = true;
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
    if (inked) columns.push(x);
  }
  const image = await (await openImage(png)).rgb('contrast');
  return { image, columns, top, bottom };
}

/** Ink runs (glyph groups) separated by at least `gap` blank columns. */
function groups(columns: number[], gap: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const x of columns) {
    const last = runs.at(-1);
    if (last && x - last[1] <= gap) last[1] = x;
    else runs.push([x, x]);
  }
  return runs;
}

const box = (x0: number, x1: number, top: number, bottom: number): Quad => [[x0, top], [x1, top], [x1, bottom], [x0, bottom]];

/** The same box read exactly as detected: no reading past its ends. */
function withoutMargin(quad: Quad): TextLine {
  const width = quad[1][0] - quad[0][0];
  const height = quad[3][1] - quad[0][1];
  return { quad, box: quad, ratio: width / height, height, detection: { quad, score: 1 }, rotated180: false };
}

const plain = (s: string) => s.normalize('NFKC').replace(/[\u2013\u2014\u2212\u4e00]/g, '-');

describe('line ends outside the detected box (embedded PP-OCRv4)', () => {
  it('reads a leading dash that lies before the box', async () => {
    const size = 40;
    const { png } = await renderLines(['-- Beyond the Fringe'], { size });
    const { image, columns, top, bottom } = await inkColumns(png);
    const [, first] = groups(columns, size * 0.2); // the dashes, then "Beyond"
    const quad = box(first[0] - 2, columns.at(-1)! + 4, top - 4, bottom + 4);
    const [read] = await recogniser.recognise(image, toTextLines([{ quad, score: 1 }]));
    expect(plain(read.text)).toMatch(/^-+ ?Beyond the Fringe$/);
    const [exact] = await recogniser.recognise(image, [withoutMargin(quad)]);
    expect(plain(exact.text)).toBe('Beyond the Fringe');
  });

  it('reads a closing quote that lies after the box', async () => {
    const size = 40;
    const { png } = await renderLines(['他说：“明天再来。”'], { size });
    const { image, columns, top, bottom } = await inkColumns(png);
    const runs = groups(columns, 1);
    const quote = runs.slice(-2); // the two strokes of the closing quote
    const quad = box(columns[0] - 4, quote[0][0] - 3, top - 4, bottom + 4);
    const [read] = await recogniser.recognise(image, toTextLines([{ quad, score: 1 }]));
    expect(plain(read.text)).toBe(plain('他说：“明天再来。”'));
    const [exact] = await recogniser.recognise(image, [withoutMargin(quad)]);
    expect(plain(exact.text)).not.toBe(plain('他说：“明天再来。”'));
  });
});
