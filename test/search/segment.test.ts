import { normalizeText } from '../../server-module/ocr-text/normalize';
import { BUCKETS, bucketOf, segment, segmentQuery, toTsvectorText as bucketedTsvectorText } from '../../server-module/search/segment';
import { bucketTsqueries, toTsqueryText } from '../../server-module/search/tsquery-text';

/** The document's tsvector text without its bucket code (every lexeme starts with the same code). */
function toTsvectorText(text: string): string {
  return bucketedTsvectorText(text).replace(/'[A-H]/g, "'");
}

describe('normalizeText', () => {
  it('applies NFKC, lower case and full-width → half-width', () => {
    expect(normalizeText('ＲＥ１６　ＴＧＫ：Ａbc')).toBe('re16 tgk:abc');
  });
  it('closes OCR spaces between CJK characters but keeps them between Latin words', () => {
    expect(normalizeText('发 票  金 额 total amount')).toBe('发票金额 total amount');
  });
  it('removes NUL, control characters and unpaired surrogates', () => {
    expect(normalizeText('a\u0000b\u0007c\ud800d')).toBe('a b c d');
  });
});

describe('segment (documents)', () => {
  it('indexes every CJK bigram, jieba words and the last character of a run', () => {
    const lexemes = segment('增值税发票');
    expect(lexemes).toEqual(['增值', '值税', '税发', '发票', '票']);
  });
  it('weights bigrams inside jieba words A and bigrams across word boundaries D', () => {
    // jieba: 上海 | 关闭 ... 海关 | 检查: 海关 is a word only in the second run
    const tsv = toTsvectorText('上海关闭。海关检查');
    expect(tsv).toContain("'海关':2,6A"); // the 。 takes a position
    expect(tsv).toContain("'上海':1A");
  });
  it('indexes letter/digit tokens with all their suffixes at one position', () => {
    const tsv = toTsvectorText('TGK 13812345678');
    expect(tsv).toContain("'tgk':1A");
    expect(tsv).toContain("'gk':1");
    expect(tsv).toContain("'12345678':2");
    expect(segment('total')).toEqual(['total', '^t', '^to', '^tot', 'otal', 'tal', 'al', 'l']); // ^: token beginnings
  });
  it('cuts letter/digit runs where letters meet digits, at adjacent positions', () => {
    expect(toTsvectorText('RE16TGK')).toBe(
      "'re':1A '^r':1A '^re':1A 'e':1 '16':2A '^1':2A '^16':2A '6':2 'tgk':3A '^t':3A '^tg':3A '^tgk':3A 'gk':3 'k':3",
    );
    expect(segment('TOTAL12345')).not.toContain('total12345');
    expect(segment('TOTAL12345')).not.toContain('otal12345');
  });
  it('gives the same lexemes to spaced OCR text and clean text', () => {
    expect(toTsvectorText('发 票 金 额')).toBe(toTsvectorText('发票金额'));
  });
  it('lets punctuation take a position but not whitespace', () => {
    expect(toTsqueryText(segmentQuery('中国。新闻'))).toBe("('中国' <3> '新闻')");
    expect(toTsqueryText(segmentQuery('中国181'))).toBe("('中国' <2> '^181')");
    expect(toTsvectorText('RE16  TGK')).toBe(toTsvectorText('re16 tgk'));
  });
  it('indexes punctuation touching a digit, a character per position (times, prices, phone numbers)', () => {
    expect(toTsvectorText('19:00')).toBe("'19':1A '^1':1A '^19':1A '9':1 ':':2A '9:':2A '19:':2A ':0':2A ':00':2A '00':3A '^0':3A '^00':3A '0':3");
    expect(segment('(5):')).toEqual(['(', '(5', '5', '^5', ')', '5)', ':']); // joins to the token beside the run
    expect(segment('total: 5')).toContain(':');
    expect(segment('说明:好')).not.toContain(':'); // no digit beside it: a position, no lexeme
    expect(toTsqueryText(segmentQuery('中国:181'))).toBe("('中国' <2> ':' <1> '^181')");
  });
  it('keeps OCR lines apart (no phrase across a line break) but lets Chinese text run on to the next line', () => {
    expect(toTsvectorText('发票\nTOTAL')).toContain("'total':4A"); // 票 at 2, a gap at 3
    expect(toTsvectorText('合计 100\n小票')).toContain("'小票':5A"); // 100 at 3, a gap at 4
    expect(toTsvectorText('增值税专用发\n票')).toBe(toTsvectorText('增值税专用发票'));
    expect(toTsvectorText('发票\n金额')).toBe("'发票':1A '票金':2 '金额':3A '额':4");
    expect(toTsvectorText('发票\n\n金额')).toBe("'发票':1A '票':2 '金额':5A '额':6"); // a blank line: a new paragraph
  });
  it('quotes lexemes safely', () => {
    expect(toTsvectorText("o'neil back\\slash")).toBe(toTsvectorText('o-neil back/slash'));
  });
});

describe('buckets', () => {
  it('prefixes every lexeme of a document with its bucket code, a hash of its text', () => {
    const text = '发票 RE16 total';
    const code = 'ABCDEFGH'[bucketOf(text)];
    const lexemes = bucketedTsvectorText(text).match(/'[^']*'/g)!;
    expect(lexemes.length).toBeGreaterThan(5);
    for (const lexeme of lexemes) expect(lexeme.startsWith(`'${code}`)).toBe(true);
    expect(bucketOf(text)).toBe(bucketOf(text));
  });
  it('spreads documents over the buckets', () => {
    const counts = new Array<number>(BUCKETS).fill(0);
    for (let i = 0; i < 800; i++) counts[bucketOf(`收据 ${i}`)]++;
    expect(Math.min(...counts)).toBeGreaterThan(50);
  });
  it('writes one tsquery per bucket, in bucket order', () => {
    const queries = bucketTsqueries("('re' <1> '^16':*A) & !'发票'");
    expect(queries).toHaveLength(BUCKETS);
    expect(queries[0]).toBe("('Are' <1> 'A^16':*A) & !'A发票'");
    expect(queries[7]).toBe("('Hre' <1> 'H^16':*A) & !'H发票'");
  });
});

describe('segmentQuery (queries)', () => {
  it('makes a CJK substring a phrase of adjacent bigrams', () => {
    expect(toTsqueryText(segmentQuery('票金额'))).toBe("('票金' <1> '金额')");
  });
  it('makes a single CJK character and a lone letter/digit token prefix matches', () => {
    expect(toTsqueryText(segmentQuery('猫'))).toBe("'猫':*");
    expect(toTsqueryText(segmentQuery('total'))).toBe("'total':*");
  });
  it('anchors letter/digit tokens inside a longer term: first ends a token, middle is one, last begins one', () => {
    expect(toTsqueryText(segmentQuery('RE16'))).toBe("('re' <1> '^16')");
    expect(toTsqueryText(segmentQuery('e16 tg'))).toBe("('e' <1> '16':A <1> '^tg')");
    expect(toTsqueryText(segmentQuery('re16 tgkx'))).toBe("('re' <1> '16':A <1> 'tgkx':*A)"); // longer than a ^head
    expect(toTsqueryText(segmentQuery('abc发票'))).toBe("('abc' <1> '发票')");
  });
  it('keeps distances across scripts', () => {
    expect(toTsqueryText(segmentQuery('号码3'))).toBe("('号码' <2> '^3')");
    expect(toTsqueryText(segmentQuery('re16 tgk'))).toBe("('re' <1> '16':A <1> '^tgk')");
  });
  it('matches number fragments around punctuation as substrings; the index form asks for the punctuation joined to its tokens', () => {
    expect(toTsqueryText(segmentQuery('9:00'))).toBe("('9' <1> ':' <1> '^00')"); // 9 ends a token: 19:00 matches
    expect(toTsqueryText(segmentQuery('12.'))).toBe("('12' <1> '.')");
    expect(toTsqueryText(segmentQuery('.22'))).toBe("('.' <1> '^22')");
    expect(toTsqueryText(segmentQuery('8621-33'))).toBe("('8621' <1> '-' <1> '^33')");
    expect(toTsqueryText(segmentQuery('9:00'), 'index')).toBe("('9' <2> '^00') & '9:' & ':00'");
    expect(toTsqueryText(segmentQuery('.19'), 'index')).toBe("'^19' & '.19'");
    expect(toTsqueryText(segmentQuery('112.'), 'index')).toBe("'112' & '12.'");
  });
  it('returns nothing for text without letters or digits', () => {
    expect(segmentQuery('&|!():*\'\\ 🎉')).toEqual([]);
  });
});
