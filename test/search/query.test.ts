import { ocrMatchCondition } from '../../server-module/search/ocr-match';
import { confusableTermsTsquery, freeTextTsquery, ocrModeQuery, ocrTermsTsquery, ocrTsqueries, ONLY_EXCLUDES, parseSearchQuery, readSearchQuery, SearchQueryError } from '../../server-module/search/query';

describe('parseSearchQuery', () => {
  it('separates ocr: terms, phrases, NOT and free text', () => {
    const q = parseSearchQuery('猫 ocr:发票 OCR:"total amount" -ocr:作废 on the sofa');
    expect(q.freeText).toBe('猫 on the sofa');
    expect(q.ocrTerms.map(({ text, phrase, negated }) => ({ text, phrase, negated }))).toEqual([
      { text: '发票', phrase: false, negated: false },
      { text: 'total amount', phrase: true, negated: false },
      { text: '作废', phrase: false, negated: true },
    ]);
    expect(ocrTermsTsquery(q.ocrTerms)).toBe("'发票' & ('total' <1> 'amount':*A) & !'作废'");
  });

  it('accepts full-width operators and an unbalanced quote (phrase runs to the end)', () => {
    const q = parseSearchQuery('ｏｃｒ：＂发票 金额');
    expect(q.ocrTerms).toHaveLength(1);
    expect(q.ocrTerms[0]).toMatchObject({ text: '发票金额', phrase: true });
    expect(ocrTermsTsquery(q.ocrTerms)).toBe("('发票' <1> '票金' <1> '金额')");
  });

  it('treats ocr: inside a word as free text', () => {
    expect(parseSearchQuery('xocr:abc').ocrTerms).toHaveLength(0);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['ocr:', 'Empty "ocr:" term'],
    ['ocr:"" cat', 'Empty "ocr:" term'],
    ['ocr:&|!', 'has no letters or digits'],
    ['& | ! ( ) :*', 'no letters or digits'],
    ['-ocr:发票', 'only excludes'],
    ['x'.repeat(1001), 'too long'],
  ])('rejects %j with a 400 SearchQueryError', (input, message) => {
    let error: unknown;
    try {
      parseSearchQuery(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SearchQueryError);
    expect((error as SearchQueryError).status).toBe(400);
    expect((error as SearchQueryError).message).toContain(message);
  });

  it('matches free-text Latin words as whole tokens, drops one-letter words, keeps CJK substrings', () => {
    expect(freeTextTsquery('a cat on the 沙发')).toBe("'cat' | 'on' | 'the' | '沙发'");
    expect(freeTextTsquery('a b')).toBeNull();
    expect(freeTextTsquery('猫')).toBe("'猫':*");
    expect(freeTextTsquery('a4 iphone15')).toBe("('a' <1> '4':A) | ('iphone' <1> '15':A)");
  });

  it('widens terms by one OCR confusion each for the page-1 fill-up, asking the index only for selective entries', () => {
    const q = parseSearchQuery('ocr:pb03 -ocr:x').ocrTerms;
    expect(confusableTermsTsquery(q)).toEqual({
      // pb03 → p803 and pbo3 (o for 0); the index is not asked for one-character tokens
      index: "(('pb' <1> '^03') | '^803' | 'pbo')",
      precise: "(('pb' <1> '^03') | ('p' <1> '^803') | ('pbo' <1> '^3')) & !(('pb' <1> '^03') & !'x':*) & !'x':*",
    });
    expect(confusableTermsTsquery(parseSearchQuery('ocr:发票').ocrTerms)).toBeNull();
    expect(confusableTermsTsquery(parseSearchQuery('ocr:0881').ocrTerms)!.index).toBe("('0881':* | '^881' | '088')"); // not 0b81: ^81 alone
    expect(ocrTermsTsquery(parseSearchQuery('ocr:方面hospital -ocr:x').ocrTerms, 'index')).toBe("('方面' <2> '^hos')");
  });

  it('words a query that only excludes the same wherever it is caught', () => {
    const excluding = readSearchQuery('-ocr:发票').ocrTerms;
    for (const refuse of [() => parseSearchQuery('-ocr:发票'), () => ocrModeQuery('-ocr:发票'), () => ocrTsqueries(excluding, 'exact'), () => ocrMatchCondition(excluding)]) {
      expect(refuse).toThrow(new SearchQueryError(ONLY_EXCLUDES));
    }
  });

  it('rejects non-string input', () => {
    expect(() => parseSearchQuery(42)).toThrow(SearchQueryError);
  });
});
