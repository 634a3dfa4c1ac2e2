import { describe, expect, it } from 'vitest';
import { hasOcrTerms, highlightTerms, parseOcrQuery } from '../src/lib/ocr-query';

describe('parseOcrQuery', () => {
  it('splits ocr: words, phrases, -ocr: and free text', () => {
    expect(parseOcrQuery('猫 ocr:发票 ocr:"hotel sunrise" -ocr:草稿 sofa')).toEqual({
      terms: [
        { text: '发票', phrase: false, negated: false },
        { text: 'hotel sunrise', phrase: true, negated: false },
        { text: '草稿', phrase: false, negated: true },
      ],
      freeText: '猫 sofa',
      incomplete: false,
    });
  });

  it('normalises NFKC and case as the server does (full-width ＯＣＲ：ＡＢＣ is ocr:abc)', () => {
    expect(parseOcrQuery('ＯＣＲ：ＡＢＣ').terms).toEqual([{ text: 'abc', phrase: false, negated: false }]);
  });

  it('marks a term still being typed', () => {
    expect(parseOcrQuery('ocr:').incomplete).toBe(true);
    expect(parseOcrQuery('ocr:"half a phr').incomplete).toBe(true);
    expect(parseOcrQuery('ocr:"half a phr').terms[0].text).toBe('half a phr');
    expect(parseOcrQuery('ocr:done').incomplete).toBe(false);
  });

  it('treats ocr: inside a word as free text', () => {
    expect(parseOcrQuery('nocr:x').terms).toEqual([]);
    expect(hasOcrTerms('nocr:x')).toBe(false);
    expect(hasOcrTerms('-ocr:x')).toBe(false);
    expect(hasOcrTerms('-ocr:x ocr:y')).toBe(true);
  });
});

describe('highlightTerms', () => {
  it('gives the positive terms and a phrase\'s words, longest first, without the excluded ones', () => {
    expect(highlightTerms('ocr:发票 ocr:"hotel sunrise" -ocr:草稿 cat')).toEqual(['hotel sunrise', 'sunrise', 'hotel', '发票']);
  });
});
