import { MAX_VISIBLE_SET, visibleSetPays } from '../../server-module/search/candidate-check';

describe('visibleSetPays', () => {
  // the planner's estimates at 1M documents (bench:search): Immich's filters for one owner
  const library = 1_000_000;
  const lookupCost = 8.46;
  it('reads the set of a selective filter whose pages would need thousands of lookups', () => {
    // favourites taken 2019-2020, through lens_asset_favorite_idx
    expect(visibleSetPays({ library, visible: 18_441, setCost: 1157, lookupCost }, 101)).toBe(true);
  });
  it('looks candidates up when the filter lets many assets through or its set costs more than the lookups', () => {
    expect(visibleSetPays({ library, visible: 183_674, setCost: 30_297, lookupCost }, 101)).toBe(false); // a date range alone
    expect(visibleSetPays({ library, visible: MAX_VISIBLE_SET + 1, setCost: 1, lookupCost }, 10_001)).toBe(false);
    expect(visibleSetPays({ library, visible: 20_000, setCost: 60_000, lookupCost }, 101)).toBe(false); // no index for the filter
    expect(visibleSetPays({ library: 3000, visible: 2683, setCost: 105, lookupCost }, 21)).toBe(false); // a small library: a few lookups
  });
});
