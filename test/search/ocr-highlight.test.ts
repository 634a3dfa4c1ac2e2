/** Which boxes the viewer highlights for a search: terms found in the rows of boxes, as the index reads them. */
import { matchingBoxIds, ocrSearchTerms, ocrSearchTermsOfUrl, type OcrBoxText } from '../../server-module/search/ocr-highlight';

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
