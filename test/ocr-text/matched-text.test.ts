/** Which boxes the viewer highlights for a search: terms found in the rows of boxes, as the index reads them. */
import { highlightSegments, matchingBoxIds, matchingLines, ocrSearchTerms, ocrSearchTermsOfUrl, type OcrBoxText } from '../../server-module/ocr-text/matched-text';

const box = (id: string, text: string, y: number, x0 = 0.1, x1 = 0.9): OcrBoxText => ({ id, text, x1: x0, y1: y, x2: x1, y2: y, x3: x1, y3: y + 0.05, x4: x0, y4: y + 0.05 });

describe('ocrSearchTerms', () => {
  it('takes the positive ocr: terms of a smart search and every word of an OCR-mode search, normalised', () => {
    expect(ocrSearchTerms({ query: '猫 ocr:发票 -ocr:草稿 ocr:"Hotel  Sunrise"' })).toEqual(['发票', 'hotel sunrise']);
    expect(ocrSearchTerms({ ocr: '增值税 ＲＥ16 -ocr:作废' })).toEqual(['增值税', 're16']);
    expect(ocrSearchTerms({ query: 'a cat on a sofa' })).toEqual([]);
    expect(ocrSearchTerms({ query: 42, ocr: null })).toEqual([]);
  });

  it('reads them from the search page URL\'s query parameter, which may be anything', () => {
    expect(ocrSearchTermsOfUrl(JSON.stringify({ query: 'ocr:发票', page: 1 }))).toEqual(['发票']);
    expect(ocrSearchTermsOfUrl(JSON.stringify({ ocr: '增值税 2023' }))).toEqual(['增值税', '2023']);
    for (const bad of [null, '', '{', '"ocr:x"', '[1,2]', 'null']) expect(ocrSearchTermsOfUrl(bad)).toEqual([]);
  });
});

describe('matchingBoxIds', () => {
  const receipt = [
    box('title', '联华超市', 0.05, 0.3, 0.7),
    box('item', '香蕉(斤)', 0.4, 0.05, 0.3),
    box('price', '5.50', 0.402, 0.8, 0.95),
    box('total', '合计 100.00', 0.6),
  ];

  it('marks the boxes a term occurs in, case- and width-insensitive', () => {
    expect(matchingBoxIds(receipt, ['超市'])).toEqual(new Set(['title']));
    expect(matchingBoxIds(receipt, ['100'])).toEqual(new Set(['total']));
    expect(matchingBoxIds([box('a', 'ＴＯＴＡＬ 88', 0.1)], ['total'])).toEqual(new Set(['a']));
  });

  it('marks both boxes of a phrase across one row; rows stay apart unless Chinese text runs on, as in the index', () => {
    expect(matchingBoxIds(receipt, ['香蕉(斤) 5.50'])).toEqual(new Set(['item', 'price']));
    expect(matchingBoxIds(receipt, ['5.50 合计'])).toEqual(new Set());
    expect(matchingBoxIds(receipt, ['超市香蕉'])).toEqual(new Set(['title', 'item']));
  });

  it('closes the space OCR leaves between CJK characters of neighbouring boxes', () => {
    const split = [box('a', '增值', 0.1, 0.1, 0.3), box('b', '税发票', 0.1, 0.32, 0.6)];
    expect(matchingBoxIds(split, ['值税'])).toEqual(new Set(['a', 'b']));
  });

  it('marks nothing without terms or boxes', () => {
    expect(matchingBoxIds(receipt, [])).toEqual(new Set());
    expect(matchingBoxIds([], ['发票'])).toEqual(new Set());
  });
});

describe('matchingLines', () => {
  it('lists the rows that hold a match, in reading order, and nothing for free text', () => {
    const ocr = { text: ['合计 100.00', '联华超市', '发票号码 0012'], box: [0.1, 0.6, 0.9, 0.6, 0.9, 0.65, 0.1, 0.65, 0.3, 0.05, 0.7, 0.05, 0.7, 0.1, 0.3, 0.1, 0.1, 0.3, 0.9, 0.3, 0.9, 0.35, 0.1, 0.35] };
    expect(matchingLines(ocr, ocrSearchTerms({ query: '猫 ocr:发票 ocr:超市' }))).toEqual(['联华超市', '发票号码 0012']);
    expect(matchingLines(ocr, ocrSearchTerms({ query: '猫 合计' }))).toEqual([]);
  });
});

describe('highlightSegments', () => {
  it('marks every occurrence and keeps the rest', () => {
    expect(highlightSegments('增值税发票 发票', ['发票'])).toEqual([
      { text: '增值税', match: false },
      { text: '发票', match: true },
      { text: ' ', match: false },
      { text: '发票', match: true },
    ]);
  });

  it('matches case- and width-insensitively, across OCR spaces between CJK characters, and returns the original characters', () => {
    expect(highlightSegments('Hotel ＳＵＮＲＩＳＥ', ocrSearchTerms({ query: 'ocr:sunrise' }))).toEqual([
      { text: 'Hotel ', match: false },
      { text: 'ＳＵＮＲＩＳＥ', match: true },
    ]);
    expect(highlightSegments('增值税 发 票', ocrSearchTerms({ query: 'ocr:"税 发票"' }))).toEqual([
      { text: '增值', match: false },
      { text: '税 发 票', match: true },
    ]);
  });

  it('joins overlapping terms into one mark and leaves a line without matches whole', () => {
    expect(highlightSegments('abcdef', ['bcd', 'cde'])).toEqual([
      { text: 'a', match: false },
      { text: 'bcde', match: true },
      { text: 'f', match: false },
    ]);
    expect(highlightSegments('会议通知', ['发票'])).toEqual([{ text: '会议通知', match: false }]);
    expect(highlightSegments('x', [])).toEqual([{ text: 'x', match: false }]);
  });

  it('handles characters outside the BMP and ligatures that normalise to several letters', () => {
    expect(highlightSegments('𠀀ﬁle', ['file'])).toEqual([
      { text: '𠀀', match: false },
      { text: 'ﬁle', match: true },
    ]);
  });
});
