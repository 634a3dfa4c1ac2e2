/**
 * Immich's own OCR search mode on the real server finds what `ocr:` finds: for terms that occur in
 * exactly one photo's OCR text — a two-character Chinese substring, four digits from inside a longer
 * number — the photo must come first with the exact request bodies the mobile app and the web's OCR
 * search type send (POST /search/metadata), as with `ocr:` (POST /search/smart).
 */
import { normalizeText } from '../../server-module/ocr-text/normalize';
import type { SearchablePhoto } from './search-filters';

type Auth = { headers: Record<string, string> };
type Check = (name: string, ok: boolean, detail?: string) => void;

/** Per photo, a 2-character CJK substring and a 4-digit infix of a longer number no other photo's text has. */
export function uniqueTerms(photos: SearchablePhoto[]): Array<{ id: string; term: string; kind: 'cjk' | 'digits' }> {
  const texts = photos.map((p) => normalizeText(p.rows.join('\n')));
  const unique = (term: string, i: number) => texts.every((text, j) => j === i || !text.includes(term));
  const picked: Array<{ id: string; term: string; kind: 'cjk' | 'digits' }> = [];
  texts.forEach((text, i) => {
    const cjk = (text.match(/\p{Script=Han}{2,}/gu) ?? []).flatMap((run) => Array.from({ length: run.length - 1 }, (_, k) => run.slice(k, k + 2)));
    const middle = cjk.slice(Math.floor(cjk.length / 3)).find((term) => unique(term, i));
    if (middle) picked.push({ id: photos[i].id, term: middle, kind: 'cjk' });
    for (const run of text.match(/\d{6,}/g) ?? []) {
      const infix = run.slice(1, 5); // inside the number: neither its start nor its end
      if (unique(infix, i)) {
        picked.push({ id: photos[i].id, term: infix, kind: 'digits' });
        break;
      }
    }
  });
  return picked;
}

export async function checkOcrMode(url: string, admin: Auth, photos: SearchablePhoto[], check: Check): Promise<void> {
  const terms = uniqueTerms(photos);
  const bodies = {
    'mobile app': (ocr: string) => ({ ocr, page: 1, personIds: [], size: 1000, tagIds: [], visibility: 'timeline' }),
    'web OCR type': (ocr: string) => ({ visibility: 'timeline', page: 1, withExif: true, ocr }),
  };
  for (const kind of ['cjk', 'digits'] as const) {
    const list = terms.filter((t) => t.kind === kind);
    for (const [client, body] of Object.entries(bodies)) {
      const misses: string[] = [];
      for (const { id, term } of list) {
        const ids = await post(url, admin, '/search/metadata', body(term));
        if (ids[0] !== id) misses.push(`${term} (rank ${ids.indexOf(id) + 1 || '-'})`);
      }
      check(`OCR mode (${client}) puts the photo with a unique ${kind === 'cjk' ? '2-character Chinese substring' : '4-digit infix'} first`, list.length > 0 && misses.length === 0, `${list.length - misses.length}/${list.length}${misses.length ? `; missed ${misses.join(', ')}` : ''}`);
    }
    const smartMisses = [];
    for (const { id, term } of list) if ((await post(url, admin, '/search/smart', { query: `ocr:${term}` }))[0] !== id) smartMisses.push(term);
    check(`ocr: puts the same photos first (${kind})`, smartMisses.length === 0, `${list.length - smartMisses.length}/${list.length}`);
  }
}

async function post(url: string, admin: Auth, path: string, body: unknown): Promise<string[]> {
  const response = await fetch(`${url}/api${path}`, { method: 'POST', headers: { ...admin.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path} ${JSON.stringify(body)}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { assets: { items: Array<{ id: string }> } }).assets.items.map((a) => a.id);
}
