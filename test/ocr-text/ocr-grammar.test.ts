/** The `ocr:` grammar's tokenizer, as the server parser and the search bars (which copy the file) see a query. */
import { hasOcrSyntax, parseOcrQuery } from '../../server-module/ocr-text/ocr-grammar';
import { parseSearchQuery } from '../../server-module/search/query';

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
    expect(parseOcrQuery('nocr:x')).toEqual({ terms: [], freeText: 'nocr:x', incomplete: false });
  });

  it('ends a word at whitespace, also between CJK characters, and closes CJK gaps inside a phrase', () => {
    expect(parseOcrQuery('ocr:发 票')).toEqual({ terms: [{ text: '发', phrase: false, negated: false }], freeText: '票', incomplete: false });
    expect(parseOcrQuery('ocr:发票 猫').freeText).toBe('猫');
    expect(parseOcrQuery('ocr:"增值税 发票"').terms).toEqual([{ text: '增值税发票', phrase: true, negated: false }]);
  });

  it('agrees with the server parser on every term and the free text', () => {
    for (const query of ['猫 ocr:发票 ocr:"hotel sunrise" -ocr:草稿 sofa', 'ocr:发 票', 'ocr:发票 猫', 'ＯＣＲ：ＡＢＣ ｘ', 'ocr:"增值税 发票" 2023', '-ocr:a ocr:"b  c" d  e']) {
      const bar = parseOcrQuery(query);
      const server = parseSearchQuery(query);
      expect(server.ocrTerms.map(({ text, phrase, negated }) => ({ text, phrase, negated }))).toEqual(bar.terms);
      expect(server.freeText).toBe(bar.freeText.split(/\s+/).filter(Boolean).join(' '));
    }
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
