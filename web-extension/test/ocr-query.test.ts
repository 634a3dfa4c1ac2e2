import { describe, expect, it } from 'vitest';
import { hasOcrSyntax, hasOcrTerms, highlightTerms, parseOcrQuery } from '../src/lib/ocr-query';

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

describe('hasOcrSyntax', () => {
  it('says whether a query goes to the OCR / hybrid search: any ocr: or -ocr: term, even unfinished', () => {
    expect(hasOcrSyntax('ocr:发票')).toBe(true);
    expect(hasOcrSyntax('cat ocr:"hotel sunrise"')).toBe(true);
    expect(hasOcrSyntax('-ocr:草稿')).toBe(true);
    expect(hasOcrSyntax('ｏｃｒ：ＡＢＣ')).toBe(true);
    expect(hasOcrSyntax('ocr:')).toBe(true);
    expect(hasOcrSyntax('ocr:"half')).toBe(true);
  });

  it('leaves other queries to the selected search type', () => {
    expect(hasOcrSyntax('cat on a sofa')).toBe(false);
    expect(hasOcrSyntax('nocr:x')).toBe(false);
    expect(hasOcrSyntax('IMG_0001.jpg')).toBe(false);
    expect(hasOcrSyntax('')).toBe(false);
    expect(hasOcrSyntax(undefined)).toBe(false);
    expect(hasOcrSyntax(null)).toBe(false);
  });
});

describe('highlightTerms', () => {
  it('gives the positive terms and a phrase\'s words, longest first, without the excluded ones', () => {
    expect(highlightTerms('ocr:发票 ocr:"hotel sunrise" -ocr:草稿 cat')).toEqual(['hotel sunrise', 'sunrise', 'hotel', '发票']);
  });
});
