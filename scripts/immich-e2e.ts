/**
 * Drives a running patched Immich through its API with the typed client (@immich/sdk, patched by
 * patch-package): sign-up, upload of OCR dev-set photos, OCR by the in-process provider, `ocr:`
 * searches, Immich's OCR search mode (mobile and web request bodies), the viewer's highlight of the
 * matched boxes in a real browser, regenerate-ocr (owner / other user), free text without CLIP,
 * hostile queries, and (first pass) every search filter family with OCR search.
 * scripts/immich/run-server.sh starts the server and runs this; exit code 1 when a check fails.
 *
 * node dist/scripts/immich-e2e.js --url http://127.0.0.1:2283 --dataset ../shared/eval/ocr-dev
 *   [--photos 16] [--clip disabled|enabled] [--skip-upload] [--screenshots DIR]
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Command } from 'commander';
import sharp from 'sharp';
import { readingLines } from '../server-module/ocr-text/reading-lines';
import { readingRows } from '../server-module/ocr-text/reading-order';
import { hasOcrSyntax } from '../server-module/ocr-text/ocr-grammar';
import { ocrFromRows } from '../server-module/ocr-text/ocr-boxes';
import { hostileQueries } from './immich-e2e/hostile-queries';
import { checkOcrMode, uniqueTerms } from './immich-e2e/ocr-mode';
import { checkSearchFilters, SearchablePhoto } from './immich-e2e/search-filters';
import { checkViewerHighlight } from './immich-e2e/viewer-highlight';
import { pickUniqueWords } from './immich-e2e/unique-words';

type Sdk = typeof import('@immich/sdk', { with: { 'resolution-mode': 'import' } });
interface ManifestEntry { file: string; lines: string[]; condition: string }

const ADMIN = { email: 'admin@immich-lens.test', password: 'lens-admin-password', name: 'Admin' };
const OTHER = { email: 'other@immich-lens.test', password: 'lens-other-password', name: 'Other' };

const checks: Array<{ name: string; ok: boolean; detail: string }> = [];
function check(name: string, ok: boolean, detail = '') {
  checks.push({ name, ok, detail });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

async function main() {
  const opts = new Command()
    .requiredOption('--url <url>', 'Immich base URL')
    .requiredOption('--dataset <dir>', 'OCR dev set (manifest.json + images/)')
    .option('--photos <n>', 'photos to upload', '16')
    .option('--clip <mode>', 'is smart search (CLIP) enabled in the server config: disabled|enabled', 'disabled')
    .option('--skip-upload', 'reuse the photos of an earlier run')
    .option('--screenshots <dir>', 'where the browser check saves its screenshots', '.')
    .parse()
    .opts<{ url: string; dataset: string; photos: string; clip: string; skipUpload?: boolean; screenshots: string }>();
  const sdk: Sdk = await import('@immich/sdk');
  sdk.defaults.baseUrl = `${opts.url}/api`;

  await sdk.signUpAdmin({ signUpDto: ADMIN }).catch(() => undefined); // exists after the first run
  const admin = await session(sdk, ADMIN);
  if (!(await sdk.searchUsersAdmin({}, admin).catch(() => [])).some((u) => u.email === OTHER.email)) {
    await sdk.createUserAdmin({ userAdminCreateDto: OTHER }, admin);
  }
  const other = await session(sdk, OTHER);

  const manifest = JSON.parse(readFileSync(join(opts.dataset, 'manifest.json'), 'utf8')) as ManifestEntry[];
  const chosen = choosePhotos(manifest, Number(opts.photos));
  const assets = new Map<string, string>(); // file → asset id
  const takenAt = new Map<string, Date>();
  const madeBy = new Map<string, string>();
  if (!opts.skipUpload) {
    const started = Date.now();
    for (const [i, entry] of chosen.entries()) {
      let bytes: Buffer = readFileSync(join(opts.dataset, 'images', entry.file));
      let file = entry.file;
      if (i % 4 === 1) {
        // a camera's JPEG: asset_exif gets Make / Model from it (the camera filters)
        bytes = await sharp(bytes).jpeg({ quality: 92 }).withExif({ IFD0: { Make: 'Canon', Model: 'EOS R5' } }).toBuffer();
        file = entry.file.replace(/\.\w+$/, '.jpg');
        madeBy.set(file, 'Canon');
      }
      const date = new Date(Date.UTC(2024, 0, 1 + i));
      const uploaded = await sdk.uploadAsset(
        { assetMediaCreateDto: { assetData: new File([new Uint8Array(bytes)], file), filename: file, fileCreatedAt: date.toISOString(), fileModifiedAt: date.toISOString() } },
        admin,
      );
      assets.set(file, uploaded.id);
      takenAt.set(file, date);
    }
    console.log(`uploaded ${assets.size} photos in ${Date.now() - started} ms`);
  } else {
    // the photos the first pass uploaded, with the camera make their EXIF gave
    const found = await sdk.searchAssets({ metadataSearchDto: { size: 1000, visibility: sdk.AssetVisibility.Timeline, withExif: true } }, admin);
    for (const item of found.assets.items) {
      assets.set(item.originalFileName, item.id);
      takenAt.set(item.originalFileName, new Date(item.fileCreatedAt));
      if (item.exifInfo?.make) madeBy.set(item.originalFileName, item.exifInfo.make);
    }
  }

  // OCR runs in the microservices worker through the in-process provider
  const ocrStarted = Date.now();
  const ocrLines = new Map<string, string[]>();
  while (Date.now() - ocrStarted < 600_000 && ocrLines.size < assets.size) {
    for (const [file, id] of assets) {
      if (ocrLines.has(file)) continue;
      const rows = await sdk.getAssetOcr({ id }, admin);
      if (rows.length > 0) ocrLines.set(file, rows.map((r) => r.text));
    }
    if (ocrLines.size < assets.size) await new Promise((r) => setTimeout(r, 1000));
  }
  check('every uploaded photo got OCR text from the in-process provider', ocrLines.size === assets.size, `${ocrLines.size}/${assets.size} in ${((Date.now() - ocrStarted) / 1000).toFixed(1)} s`);
  const searchable: SearchablePhoto[] = [];
  for (const [file, id] of assets) {
    const rows = readingLines(ocrFromRows(await sdk.getAssetOcr({ id }, admin)));
    searchable.push({ id, rows, takenAt: takenAt.get(file)!, make: madeBy.get(file) });
  }

  // ocr: search: a word found in one photo's true text only must bring that photo first
  const words = pickUniqueWords(chosen.filter((e) => assets.has(e.file)));
  // the search is judged on words the OCR read; words it did not read are OCR misses, reported apart
  let first = 0;
  const misses: string[] = [];
  const unread: string[] = [];
  for (const { file, word } of words) {
    const response = await sdk.searchSmart({ smartSearchDto: { query: `ocr:${word}` } }, admin);
    const read = (ocrLines.get(file) ?? []).join('').normalize('NFKC').includes(word);
    if (!read) unread.push(`${word} (${file}, rank ${response.assets.items.findIndex((a) => a.id === assets.get(file)) + 1 || '-'})`);
    else if (response.assets.items[0]?.id === assets.get(file)) first++;
    else misses.push(`${word} (${file})`);
  }
  const judged = words.length - unread.length;
  check('ocr:<word> returns the photo containing it first', first === judged && judged > 0, `${first}/${judged}${misses.length ? `; missed ${misses.join(', ')}` : ''}`);
  if (unread.length > 0) console.log(`     (OCR did not read ${unread.length} of ${words.length} words: ${unread.join(', ')})`);
  const invoices = chosen.filter((e) => e.lines.join('').includes('发票') && assets.has(e.file)).map((e) => assets.get(e.file)!);
  if (invoices.length > 0) {
    const response = await sdk.searchSmart({ smartSearchDto: { query: 'ocr:发票' } }, admin);
    const top = response.assets.items.slice(0, invoices.length).map((a) => a.id);
    check('ocr:发票 ranks every photo with 发票 on top', invoices.every((id) => top.includes(id)), `${invoices.length} photos with 发票, top ${top.length}`);
  }
  // a phrase across the boxes of one row matches: Immich's index holds rows (the one OCR→lines rule)
  const crossBox: string[] = [];
  for (const [file, id] of assets) {
    const rows = await sdk.getAssetOcr({ id }, admin);
    const ocr = ocrFromRows(rows);
    const row = readingRows(ocr.box).find((r) => r.length >= 2);
    if (!row || crossBox.length >= 3) continue;
    const phrase = row.map((i) => ocr.text[i]).join(' ').replace(/"/g, ' ');
    const response = await sdk.searchSmart({ smartSearchDto: { query: `ocr:"${phrase}"` } }, admin);
    crossBox.push(`${response.assets.items.some((a) => a.id === id) ? 'found' : 'MISSED'} ${basename(file)} "${phrase}"`);
  }
  check('ocr:"…" across two boxes of one row finds the photo', crossBox.length > 0 && crossBox.every((c) => c.startsWith('found')), crossBox.join('; ') || 'no photo has a row of two boxes');

  // Immich's own OCR search mode (mobile app, web OCR type) finds what ocr: finds
  await checkOcrMode(opts.url, admin, searchable, check);
  const [highlight] = uniqueTerms(searchable).filter((t) => t.kind === 'cjk');
  if (highlight) await checkViewerHighlight(opts.url, admin.headers.Authorization.replace(/^Bearer /, ''), highlight, opts.screenshots, check);
  else check('the viewer highlight has a photo with a unique term to open', false);

  const otherSees = await sdk.searchSmart({ smartSearchDto: { query: `ocr:${words[0]?.word ?? '发票'}` } }, other);
  check('another user finds none of the admin\'s photos', otherSees.assets.items.length === 0, `${otherSees.assets.items.length} items`);

  // free text needs CLIP
  const freeText = await status(opts.url, admin, '/search/smart', { query: 'a cat on a sofa' });
  const mixed = await status(opts.url, admin, '/search/smart', { query: '猫 ocr:发票' });
  if (opts.clip === 'disabled') {
    check('free text with CLIP disabled is a 400', freeText.status === 400, `${freeText.status} ${freeText.message}`);
    check('free text + ocr: with CLIP disabled is a clear 400', mixed.status === 400 && /needs CLIP/.test(mixed.message), `${mixed.status} ${mixed.message}`);
  } else {
    // immich-lens changes ocr: searches only: a plain CLIP search fails as Immich's does when its ML service lacks the model
    check('plain free text without a CLIP model keeps Immich\'s own error', freeText.status === 500, `${freeText.status} ${freeText.message}`);
    check('free text + ocr: without a CLIP model is a 400 naming the model', mixed.status === 400 && /CLIP model/.test(mixed.message), `${mixed.status} ${mixed.message}`);
  }

  // regenerate-ocr: 204 for the owner (the OCR rows are rewritten), 4xx for another user
  if (assets.size === 0) throw new Error('no photos to regenerate: the upload failed');
  const [file, id] = [...assets][0];
  const before = (await sdk.getAssetOcr({ id }, admin)).map((r) => r.id).sort();
  const own = await status(opts.url, admin, '/assets/jobs', { assetIds: [id], name: sdk.AssetJobName.RegenerateOcr });
  check('regenerate-ocr is 204 for the owner', own.status === 204, String(own.status));
  const foreign = await status(opts.url, other, '/assets/jobs', { assetIds: [id], name: sdk.AssetJobName.RegenerateOcr });
  check('regenerate-ocr is 4xx for another user', foreign.status >= 400 && foreign.status < 500, `${foreign.status} ${foreign.message}`);
  const regenStarted = Date.now();
  let after = before;
  while (Date.now() - regenStarted < 120_000) {
    after = (await sdk.getAssetOcr({ id }, admin)).map((r) => r.id).sort();
    if (after.length > 0 && after.join() !== before.join()) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  check('regenerate-ocr reran OCR (new rows, same text found)', after.length > 0 && after.join() !== before.join(), `${basename(file)}: ${before.length} → ${after.length} rows in ${((Date.now() - regenStarted) / 1000).toFixed(1)} s`);
  const clip = await status(opts.url, admin, '/assets/jobs', { assetIds: [id], name: sdk.AssetJobName.RegenerateClip });
  check(`regenerate-clip with CLIP ${opts.clip}`, opts.clip === 'disabled' ? clip.status === 400 : clip.status === 204, `${clip.status} ${clip.message}`);

  // hostile queries never make a 5xx
  const counts: Record<string, number> = {};
  const fives: string[] = [];
  const queries = hostileQueries();
  let slowest = 0;
  for (const query of queries) {
    // with CLIP on and no model, a query without ocr: is Immich's own CLIP search and fails as Immich's does
    const smart = opts.clip === 'disabled' || hasOcrSyntax(query) ? [['/search/smart', { query }] as const] : [];
    for (const [path, body] of [...smart, ['/search/metadata', { ocr: query }] as const]) {
      const started = Date.now();
      const { status: code } = await status(opts.url, admin, path, body);
      slowest = Math.max(slowest, Date.now() - started);
      counts[`${Math.floor(code / 100)}xx`] = (counts[`${Math.floor(code / 100)}xx`] ?? 0) + 1;
      if (code >= 500) fives.push(`${path} ${JSON.stringify(query.slice(0, 40))}`);
    }
  }
  check(`hostile search strings never give a 5xx (${queries.length} queries, as the query of an OCR or CLIP search and as OCR-mode text)`, fives.length === 0, `${JSON.stringify(counts)}, slowest ${slowest} ms${fives.length ? ` 5xx: ${fives.slice(0, 5).join(' ')}` : ''}`);

  // every filter family with OCR search, on the restarted server of the second pass (it favourites, files,
  // archives and trashes photos). Not on a first boot: postgres.js learns the database's types once per
  // connection, so Immich's pooled connection that ran the migrations cannot bind album_user_role_enum[]
  // and createAlbum fails there ("malformed array literal") until Immich restarts — stock Immich does the same.
  if (opts.skipUpload) await checkSearchFilters(sdk, opts.url, admin, searchable, check);

  const failed = checks.filter((c) => !c.ok);
  console.log(`\n${checks.length - failed.length}/${checks.length} checks passed`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

async function session(sdk: Sdk, user: { email: string; password: string }) {
  const { accessToken } = await sdk.login({ loginCredentialDto: user });
  return { headers: { Authorization: `Bearer ${accessToken}` } };
}

/** Status and message of a raw request (the typed client throws on non-2xx, and hides 204 vs 200). */
async function status(url: string, auth: { headers: Record<string, string> }, path: string, body: unknown) {
  const response = await fetch(`${url}/api${path}`, {
    method: 'POST',
    headers: { ...auth.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let message = '';
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? '';
  } catch {
    message = text.slice(0, 80);
  }
  return { status: response.status, message };
}

/** Every photo with 发票, then one per condition in turn, up to n. */
function choosePhotos(manifest: ManifestEntry[], n: number): ManifestEntry[] {
  const chosen = manifest.filter((e) => e.lines.join('').includes('发票')).slice(0, Math.ceil(n / 4));
  const byCondition = new Map<string, ManifestEntry[]>();
  for (const e of manifest) if (!chosen.includes(e)) byCondition.set(e.condition, [...(byCondition.get(e.condition) ?? []), e]);
  while (chosen.length < n && [...byCondition.values()].some((l) => l.length > 0)) {
    for (const list of byCondition.values()) if (list.length > 0 && chosen.length < n) chosen.push(list.shift()!);
  }
  return chosen;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
