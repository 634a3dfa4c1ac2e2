import { describe, expect, it } from 'vitest';
import { highlightSegments, highlightTerms } from '../src/lib/highlight';

describe('highlightSegments', () => {
  it('marks every occurrence and keeps the rest', () => {
    expect(highlightSegments('增值税发票 发票', ['发票'])).toEqual([
      { text: '增值税', match: false },
      { text: '发票', match: true },
      { text: ' ', match: false },
      { text: '发票', match: true },
    ]);
  });

  it('matches case- and width-insensitively but returns the original characters', () => {
    expect(highlightSegments('Hotel ＳＵＮＲＩＳＥ', ['sunrise'])).toEqual([
      { text: 'Hotel ', match: false },
      { text: 'ＳＵＮＲＩＳＥ', match: true },
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

describe('highlightTerms', () => {
  it("gives the positive terms and a phrase's words, longest first, without the excluded ones", () => {
    expect(highlightTerms('ocr:发票 ocr:"hotel sunrise" -ocr:草稿 cat')).toEqual(['hotel sunrise', 'sunrise', 'hotel', '发票']);
  });
});
