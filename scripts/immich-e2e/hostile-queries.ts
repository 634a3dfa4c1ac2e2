/**
 * Hostile search strings (tsquery operators, quotes, NUL, lone surrogates, emoji, SQL fragments,
 * 100 KB inputs), deterministic per seed: the search fuzz test and the real-Immich run share them.
 */
import { prng } from '../prng';

export { prng };

const PIECES = [
  'ocr:', '-ocr:', 'OCR:', 'ｏｃｒ：', 'ocr:"', '"', "'", '\\', '&', '|', '!', '(', ')', ':', '*', ':*', '<->', '<2>',
  "'; drop table asset; --", '" or 1=1 --', '$1', '$$', '%', '_', '%>>', '\u0000', '\t', '\n', '\u3000', ' ', '  ',
  '🎉', '👨‍👩‍👧', '\ud83d', '\udc00', '\u200b', '\ufeff', '发票', '金额', '增', '票', 'RE16', 'tgk', '1234', 'a', 'Z',
  'ｆｕｌｌ', 'é', 'ß', 'İ', 'ﬁ', '١٢٣', 'абв', '한국어', 'カタカナ', 'null', 'undefined', '{}', '[]', '::tsquery',
  '<=>', 'select', '/*', '*/', '\\x00', 'E\'\\\'', '!!', '&&', '||', '()', '((((', '))))',
];

export function hostileQuery(rand: () => number): string {
  const roll = rand();
  if (roll < 0.01) return 'ocr:' + '发票&|!'.repeat(20_000); // 100 KB
  if (roll < 0.02) return 'x'.repeat(100_000);
  if (roll < 0.04) return Array.from({ length: 1 + Math.floor(rand() * 50) }, () => String.fromCharCode(Math.floor(rand() * 0x10000))).join('');
  const parts = 1 + Math.floor(rand() * 12);
  let out = '';
  for (let i = 0; i < parts; i++) out += PIECES[Math.floor(rand() * PIECES.length)];
  return out;
}

/** `count` queries from `seed`, plus each piece alone and behind `ocr:`. */
export function hostileQueries(count = 300, seed = 20261121): string[] {
  const rand = prng(seed);
  return [...PIECES, ...PIECES.map((p) => `ocr:${p}`), ...Array.from({ length: count }, () => hostileQuery(rand))];
}
