/** The one search plan both hosts use, and Immich's OCR search mode. */
import { planOcrModeSearch, planSearch } from '../../server-module/search/plan';
import { SearchQueryError } from '../../server-module/search/query';

const withClip = { available: true, unavailableReason: 'n/a' };
const withoutClip = { available: false, unavailableReason: 'No CLIP here' };
const terms = (plan: ReturnType<typeof planSearch>) => plan.query.ocrTerms.map((t) => `${t.negated ? '-' : ''}${t.phrase ? `"${t.text}"` : t.text}`);

describe('planSearch', () => {
  it('ocr: terms alone are a ranked OCR search, with or without CLIP', () => {
    for (const clip of [withClip, withoutClip]) {
      const plan = planSearch('ocr:发票 -ocr:草稿', clip);
      expect(plan.mode).toBe('ocr');
      expect(terms(plan)).toEqual(['发票', '-草稿']);
    }
  });

  it('free text is hybrid with CLIP, and refused without it with a message saying what works', () => {
    expect(planSearch('猫 ocr:发票', withClip)).toMatchObject({ mode: 'hybrid', query: { freeText: '猫' } });
    expect(planSearch('a cat', withClip).mode).toBe('hybrid');
    expect(() => planSearch('猫 ocr:发票', withoutClip)).toThrow(new SearchQueryError('No CLIP here: "猫" needs CLIP. Search OCR text alone with ocr: terms, e.g. ocr:猫'));
  });

  it('malformed queries are SearchQueryErrors', () => {
    for (const bad of ['', 'ocr:', 'ocr:""', '-ocr:x', '!!!', 42]) expect(() => planSearch(bad, withClip)).toThrow(SearchQueryError);
  });
});

describe('planOcrModeSearch (Immich\'s OCR search type, the mobile app)', () => {
  it('makes every word an OCR term and keeps ocr: terms', () => {
    const plan = planOcrModeSearch('发票 2023 -ocr:作废 ocr:"增值税 专用"');
    expect(plan.mode).toBe('ocr');
    expect(terms(plan)).toEqual(['-作废', '"增值税专用"', '发票', '2023']);
  });

  it('refuses text with nothing to search for or an unbalanced quote', () => {
    for (const bad of ['   ', '!!!', 'a"b']) expect(() => planOcrModeSearch(bad)).toThrow(SearchQueryError);
  });
});
