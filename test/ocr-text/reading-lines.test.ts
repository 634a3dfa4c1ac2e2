import { readingLines } from '../../server-module/ocr-text/reading-lines';
import { OCR } from '../../server-module/inference/ocr/types';

/** An OCR result from axis-aligned boxes given as [x0, y0, x1, y1] fractions. */
function result(items: [string, [number, number, number, number]][]): OCR {
  return {
    text: items.map(([t]) => t),
    box: items.flatMap(([, [x0, y0, x1, y1]]) => [x0, y0, x1, y0, x1, y1, x0, y1]),
    boxScore: items.map(() => 0.9),
    textScore: items.map(() => 0.9),
  };
}

describe('readingLines', () => {
  it('joins the boxes of one row (receipt item and price) and keeps rows apart', () => {
    const r = result([
      ['幸福小馆', [0.3, 0.05, 0.7, 0.12]],
      ['拿铁Latte', [0.05, 0.3, 0.4, 0.37]],
      ['41.50', [0.75, 0.305, 0.95, 0.375]],
      ['合计', [0.05, 0.5, 0.2, 0.57]],
    ]);
    expect(readingLines(r)).toEqual(['幸福小馆', '拿铁Latte 41.50', '合计']);
  });

  it('reads an upside-down page from the bottom right (its boxes start at the text\'s top-left: bottom right in the image)', () => {
    const turned = (text: string, [x0, y0, x1, y1]: [number, number, number, number]) => ({ text, box: [x1, y1, x0, y1, x0, y0, x1, y0] });
    const boxes = [
      turned('于此一枰竞。', [0.05, 0.4, 0.45, 0.47]),
      turned('第二行', [0.55, 0.2, 0.95, 0.27]),
      turned('独收万籁心，', [0.55, 0.4, 0.95, 0.47]),
    ];
    expect(readingLines({ text: boxes.map((b) => b.text), box: boxes.flatMap((b) => b.box) })).toEqual(['独收万籁心， 于此一枰竞。', '第二行']);
  });

  it('reads vertical lines side by side right to left, each a line of its own, between the rows above and below', () => {
    const r = result([
      ['已取之時不参一人見而', [0.05, 0.2, 0.2, 0.9]],
      ['古文一則', [0.3, 0.05, 0.7, 0.12]],
      ['是非不得問之人要取之', [0.4, 0.2, 0.55, 0.9]],
      ['第三頁', [0.4, 0.93, 0.6, 0.98]],
      ['有評是是非非之士師也', [0.75, 0.2, 0.9, 0.9]],
    ]);
    expect(readingLines({ ...r, width: 600, height: 800 })).toEqual(['古文一則', '有評是是非非之士師也', '是非不得問之人要取之', '已取之時不参一人見而', '第三頁']);
    // a short horizontal box on a wide image is not vertical, though taller than wide in fractions
    const wide = result([['牢曰：', [0.05, 0.5, 0.18, 0.73]], ['"子云，', [0.2, 0.5, 0.37, 0.75]]]);
    expect(readingLines({ ...wide, width: 1200, height: 200 })).toEqual(['牢曰： "子云，']);
    // stored boxes without the image size read as rows, as before
    expect(readingLines(r)).toHaveLength(3);
  });

  it('does not depend on the order the boxes come in', () => {
    const r = result([
      ['41.50', [0.75, 0.305, 0.95, 0.375]],
      ['合计', [0.05, 0.5, 0.2, 0.57]],
      ['拿铁Latte', [0.05, 0.3, 0.4, 0.37]],
      ['幸福小馆', [0.3, 0.05, 0.7, 0.12]],
    ]);
    expect(readingLines(r)).toEqual(['幸福小馆', '拿铁Latte 41.50', '合计']);
  });

  it('does not join a box with one above or below it that spans the same columns', () => {
    const r = result([
      ['客服热线 400-767-4670', [0.05, 0.3, 0.5, 0.36]],
      ['高歌谁和余？空谷清音起。', [0.05, 0.32, 0.95, 0.45]],
    ]);
    expect(readingLines(r)).toEqual(['客服热线 400-767-4670', '高歌谁和余？空谷清音起。']);
  });

  it('keeps a short line and the long line under it apart on a page photographed askew (rows follow the slant)', () => {
    // text rising to the right (slope -0.2): the long line's centre is as high as the short line's
    const slanted = (text: string, x0: number, y0: number, x1: number, h: number) => ({ text, box: [x0, y0, x1, y0 - 0.2 * (x1 - x0), x1, y0 - 0.2 * (x1 - x0) + h, x0, y0 + h] });
    const boxes = [slanted('客服热线 400-767-4670', 0.05, 0.3, 0.25, 0.05), slanted('高歌谁和余？空谷清音起。非鬼亦非仙，一曲桃花水。', 0.05, 0.38, 0.95, 0.05), slanted('第三行', 0.05, 0.46, 0.3, 0.05)];
    const r = { text: boxes.map((b) => b.text), box: boxes.flatMap((b) => b.box) };
    const centre = (i: number) => (r.box[i * 8 + 1] + r.box[i * 8 + 3] + r.box[i * 8 + 5] + r.box[i * 8 + 7]) / 4;
    expect(Math.abs(centre(0) - centre(1))).toBeLessThan(0.025); // straight centres would merge them
    expect(readingLines(r)).toEqual(boxes.map((b) => b.text));
  });

  it('reads the lines of a page turned 90° either way by the direction their boxes run (corners from the text\'s top-left)', () => {
    // a line running down (page turned clockwise): its text's top-left is the box's top right
    const down = (text: string, [x0, y0, x1, y1]: [number, number, number, number]) => ({ text, box: [x1, y0, x1, y1, x0, y1, x0, y0] });
    const up = (text: string, [x0, y0, x1, y1]: [number, number, number, number]) => ({ text, box: [x0, y1, x0, y0, x1, y0, x1, y1] });
    const lines = ['第一行文字', '第二行', '第三行文字内容'];
    const columns: Array<[number, number, number, number]> = [[0.7, 0.1, 0.8, 0.6], [0.5, 0.1, 0.6, 0.4], [0.3, 0.1, 0.4, 0.8]];
    const page = (boxes: Array<{ text: string; box: number[] }>) => ({ text: boxes.map((b) => b.text), box: boxes.flatMap((b) => b.box) });
    const clockwise = page(lines.map((text, i) => down(text, columns[i])).reverse());
    // turned counter-clockwise the first line is at the left
    const counter = page(lines.map((text, i) => up(text, [1 - columns[i][2], 1 - columns[i][3], 1 - columns[i][0], 1 - columns[i][1]])));
    for (const turned of [clockwise, counter]) {
      expect(readingLines(turned)).toEqual(lines);
      expect(readingLines({ ...turned, width: 800, height: 600 })).toEqual(lines);
    }
  });
});

