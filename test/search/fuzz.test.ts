import { randomUUID } from 'node:crypto';
import { parseSearchQuery, SearchQueryError } from '../../server-module/search/query';
import { LensSearchRepository } from '../../server-module/search/repository';
import { BACKENDS } from './backends';
import { TestDatabase } from './db';
import { embedding, insertAsset } from './fixtures';

const QUERIES = 5000;

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'ocr:', '-ocr:', 'OCR:', 'ｏｃｒ：', 'ocr:"', '"', "'", '\\', '&', '|', '!', '(', ')', ':', '*', ':*', '<->', '<2>',
  "'; drop table asset; --", '" or 1=1 --', '$1', '$$', '%', '_', '%>>', '\u0000', '\t', '\n', '\u3000', ' ', '  ',
  '🎉', '👨‍👩‍👧', '\ud83d', '\udc00', '\u200b', '\ufeff', '发票', '金额', '增', '票', 'RE16', 'tgk', '1234', 'a', 'Z',
  'ｆｕｌｌ', 'é', 'ß', 'İ', 'ﬁ', '١٢٣', 'абв', '한국어', 'カタカナ', 'null', 'undefined', '{}', '[]', '::tsquery',
  '<=>', 'select', '/*', '*/', '\\x00', 'E\'\\\'', '!!', '&&', '||', '()', '((((', '))))',
];

function hostileQuery(rand: () => number): string {
  const roll = rand();
  if (roll < 0.01) return 'ocr:' + '发票&|!'.repeat(20_000); // 100 KB
  if (roll < 0.02) return 'x'.repeat(100_000);
  if (roll < 0.04) return Array.from({ length: 1 + Math.floor(rand() * 50) }, () => String.fromCharCode(Math.floor(rand() * 0x10000))).join('');
  const parts = 1 + Math.floor(rand() * 12);
  let out = '';
  for (let i = 0; i < parts; i++) out += PIECES[Math.floor(rand() * PIECES.length)];
  return out;
}

describe.each(BACKENDS)('fuzz on %s', (_name, create) => {
  let t: TestDatabase | null;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`answers ${QUERIES} hostile queries with results or a 400, never a database error`, async () => {
    if (!t) return;
    const repo = new LensSearchRepository(t.db);
    const user = randomUUID();
    for (const [i, text] of ['发票金额 RE16 TGK', "it's a \\ test & | ! ( ) :*", '电话 13812345678', '🎉 émoji ﬁ'].entries()) {
      await insertAsset(t.db, repo, { ownerId: user, text: [text], embedding: embedding(i) });
    }
    const rand = prng(20261121);
    const counts = { results: 0, rejected: 0, nonEmpty: 0 };
    const failures: string[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const input = hostileQuery(rand);
      try {
        const parsed = parseSearchQuery(input);
        const positive = parsed.ocrTerms.some((term) => !term.negated);
        const page = positive && !parsed.freeText
          ? await repo.searchOcr({ ocrTerms: parsed.ocrTerms, userIds: [user], size: 5 })
          : await repo.searchHybrid({ ...parsed, embedding: embedding(i % 8), userIds: [user], size: 5 });
        expect(Array.isArray(page.items)).toBe(true);
        counts.results++;
        if (page.items.length > 0) counts.nonEmpty++;
      } catch (error) {
        if (error instanceof SearchQueryError) {
          counts.rejected++;
        } else {
          failures.push(`${JSON.stringify(input.slice(0, 200))}: ${(error as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(counts.results + counts.rejected).toBe(QUERIES);
    // the corpus must exercise both outcomes, or the fuzzer tests nothing
    expect(counts.results).toBeGreaterThan(QUERIES / 4);
    expect(counts.rejected).toBeGreaterThan(QUERIES / 20);
    expect(counts.nonEmpty).toBeGreaterThan(QUERIES / 20);
  });
});
