/**
 * Every filter family of Immich's search DTOs combined with an OCR search on the real server: the
 * photos a frequent OCR term matches, thinned by favourites, an album, not-in-album, a tag, a person,
 * a rating, a date range, two filters at once, camera make, archive and trash. Each is searched with
 * `ocr:` (POST /search/smart) and with Immich's OCR mode (POST /search/metadata {ocr}) in pages of 2:
 * the pages must hold exactly the expected photos, full except the last, "next page" only before a
 * non-empty page.
 */
import { normalizeText } from '../../server-module/ocr-text/normalize';

type Sdk = typeof import('@immich/sdk', { with: { 'resolution-mode': 'import' } });
type Auth = { headers: Record<string, string> };
type Check = (name: string, ok: boolean, detail?: string) => void;

export interface SearchablePhoto {
  id: string;
  /** the OCR rows as the index reads them (readingLines of the stored boxes) */
  rows: string[];
  /** when it was taken (the upload's fileCreatedAt) */
  takenAt: Date;
  /** uploaded with EXIF Make */
  make?: string;
}

/** The CJK bigram (or character) most photos' OCR text contains: the term every family is searched with. */
export function frequentTerm(photos: SearchablePhoto[]): string {
  const counts = new Map<string, number>();
  for (const photo of photos) {
    const text = normalizeText(photo.rows.join('\n'));
    const seen = new Set<string>();
    for (const run of text.match(/\p{Script=Han}+/gu) ?? []) {
      const chars = Array.from(run);
      for (let i = 0; i < chars.length; i++) {
        seen.add(chars[i]);
        if (i + 1 < chars.length) seen.add(chars[i] + chars[i + 1]);
      }
    }
    for (const term of seen) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  // a bigram if one is shared by enough photos to thin by every filter, else the commonest character
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || Array.from(b[0]).length - Array.from(a[0]).length || a[0].localeCompare(b[0]));
  return (ranked.find(([term, n]) => Array.from(term).length === 2 && n >= 6) ?? ranked[0])[0];
}

export async function checkSearchFilters(sdk: Sdk, url: string, admin: Auth, photos: SearchablePhoto[], check: Check): Promise<void> {
  const term = frequentTerm(photos);
  const contains = (photo: SearchablePhoto) => normalizeText(photo.rows.join('\n')).includes(term);
  const matching = photos.filter(contains);
  console.log(`     filter families searched with "${term}" (${matching.length} of ${photos.length} photos contain it)`);
  const every = (n: number, from = 0) => photos.filter((_, i) => i % n === from);

  const favourites = every(2);
  await sdk.updateAssets({ assetBulkUpdateDto: { ids: favourites.map((p) => p.id), isFavorite: true } }, admin);
  const inAlbum = every(3);
  const album = await sdk.createAlbum({ createAlbumDto: { albumName: 'immich-lens e2e', assetIds: inAlbum.map((p) => p.id) } }, admin);
  const tagged = every(2, 1);
  const [tag] = await sdk.upsertTags({ tagUpsertDto: { tags: ['immich-lens/e2e'] } }, admin);
  await sdk.tagAssets({ id: tag.id, bulkIdsDto: { ids: tagged.map((p) => p.id) } }, admin);
  const withPerson = matching.slice(0, 3);
  const person = await sdk.createPerson({ personCreateDto: { name: 'Lens Person' } }, admin);
  for (const photo of withPerson) {
    await sdk.createFace({ assetFaceCreateDto: { assetId: photo.id, personId: person.id, imageWidth: 100, imageHeight: 100, x: 10, y: 10, width: 20, height: 20 } }, admin);
  }
  const rated = every(3, 1);
  for (const photo of rated) await sdk.updateAsset({ id: photo.id, updateAssetDto: { rating: 4 } }, admin);
  const dates = photos.map((p) => p.takenAt.getTime()).sort((a, b) => a - b);
  const [takenAfter, takenBefore] = [new Date(dates[Math.floor(dates.length / 3)]), new Date(dates[Math.floor((2 * dates.length) / 3)])];
  const inRange = (p: SearchablePhoto) => p.takenAt >= takenAfter && p.takenAt <= takenBefore;
  const ids = (list: SearchablePhoto[]) => new Set(list.map((p) => p.id));

  const families: Array<{ name: string; filters: Record<string, unknown>; expected: Set<string> }> = [
    { name: 'favourites', filters: { isFavorite: true }, expected: ids(favourites) },
    { name: 'album', filters: { albumIds: [album.id] }, expected: ids(inAlbum) },
    { name: 'not in any album', filters: { isNotInAlbum: true }, expected: ids(photos.filter((p) => !inAlbum.includes(p))) },
    { name: 'tag', filters: { tagIds: [tag.id] }, expected: ids(tagged) },
    { name: 'person', filters: { personIds: [person.id] }, expected: ids(withPerson) },
    { name: 'rating', filters: { rating: 4 }, expected: ids(rated) },
    { name: 'date range', filters: { takenAfter: takenAfter.toISOString(), takenBefore: takenBefore.toISOString() }, expected: ids(photos.filter(inRange)) },
    { name: 'favourites + date range', filters: { isFavorite: true, takenAfter: takenAfter.toISOString(), takenBefore: takenBefore.toISOString() }, expected: ids(favourites.filter(inRange)) },
    { name: 'camera make', filters: { make: 'Canon' }, expected: ids(photos.filter((p) => p.make === 'Canon')) },
    { name: 'type', filters: { type: 'IMAGE' }, expected: ids(photos) },
  ];
  for (const family of families) await checkFamily(url, admin, term, family, contains, photos, check);

  // archive and trash last: they take their photo out of the timeline for good
  const [archived, trashed] = matching.slice(-2);
  await sdk.updateAssets({ assetBulkUpdateDto: { ids: [archived.id], visibility: sdk.AssetVisibility.Archive } }, admin);
  await sdk.deleteAssets({ assetBulkDeleteDto: { ids: [trashed.id] } }, admin);
  const rest = photos.filter((p) => p !== archived && p !== trashed);
  await checkFamily(url, admin, term, { name: 'archive', filters: { visibility: 'archive' }, expected: new Set([archived.id]) }, contains, photos, check);
  await checkFamily(url, admin, term, { name: 'timeline leaves out archived and trashed', filters: {}, expected: ids(rest) }, contains, photos, check);
  await checkFamily(url, admin, term, { name: 'trashed with withDeleted', filters: { withDeleted: true }, expected: ids(photos.filter((p) => p !== archived)) }, contains, photos, check);
}

async function checkFamily(
  url: string,
  admin: Auth,
  term: string,
  family: { name: string; filters: Record<string, unknown>; expected: Set<string> },
  contains: (photo: SearchablePhoto) => boolean,
  photos: SearchablePhoto[],
  check: Check,
): Promise<void> {
  const expected = new Set(photos.filter((p) => family.expected.has(p.id) && contains(p)).map((p) => p.id));
  for (const [mode, path, body] of [
    ['ocr:', '/search/smart', { query: `ocr:${term}` }],
    ['OCR mode', '/search/metadata', { ocr: term }],
  ] as const) {
    const pages = await allPages(url, admin, path, { visibility: 'timeline', ...body, ...family.filters });
    const found = pages.flatMap((page) => page.ids);
    const sizes = pages.map((page) => page.ids.length);
    const full = sizes.slice(0, -1).every((n) => n === 2) && (sizes.at(-1) ?? 0) <= 2 && (pages.length === 1 || sizes.at(-1)! > 0);
    const same = found.length === expected.size && found.every((id) => expected.has(id));
    check(`${mode} + ${family.name}: the filtered matches, in pages full but the last`, full && same, `pages ${JSON.stringify(sizes)}, ${found.length} found, ${expected.size} expected`);
  }
}

async function allPages(url: string, admin: Auth, path: string, body: Record<string, unknown>): Promise<Array<{ ids: string[] }>> {
  const pages: Array<{ ids: string[] }> = [];
  for (let page = 1; page <= 50; page++) {
    const response = await fetch(`${url}/api${path}`, { method: 'POST', headers: { ...admin.headers, 'content-type': 'application/json' }, body: JSON.stringify({ ...body, page, size: 2 }) });
    if (!response.ok) throw new Error(`${path} ${JSON.stringify(body)} page ${page}: HTTP ${response.status} ${await response.text()}`);
    const { assets } = (await response.json()) as { assets: { items: Array<{ id: string }>; nextPage: string | null } };
    pages.push({ ids: assets.items.map((a) => a.id) });
    if (!assets.nextPage) break;
  }
  return pages;
}
