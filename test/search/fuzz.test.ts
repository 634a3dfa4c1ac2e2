import { randomUUID } from 'node:crypto';
import { parseSearchQuery, SearchQueryError } from '../../server-module/search/query';
import { LensSearchRepository } from '../../server-module/search/repository';
import { describeEachBackend, SEARCH_BACKENDS } from './backends';
import { TestDatabase } from './db';
import { embedding, insertAsset } from './fixtures';
import { hostileQuery, prng } from '../../scripts/immich-e2e/hostile-queries';

const QUERIES = 5000;

describeEachBackend(SEARCH_BACKENDS, 'fuzz on %s', (_name, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`answers ${QUERIES} hostile queries with results or a 400, never a database error`, async () => {
    const repo = new LensSearchRepository(t.db);
    const user = randomUUID();
    for (const [i, text] of ['发票金额 RE16 TGK', "it's a \\ test & | ! ( ) :*", '电话 13812345678', '🎉 émoji ﬁ'].entries()) {
      await insertAsset(t.db, { ownerId: user, text: [text], embedding: embedding(i) });
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
