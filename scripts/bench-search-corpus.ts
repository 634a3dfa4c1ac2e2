import { dict } from '@node-rs/jieba/dict';
import { prng } from './prng';

export { prng };

type Rand = () => number;

const ENGLISH = (
  'total amount invoice receipt date time price tax cash change card visa thank you welcome store ' +
  'order number customer service phone address street road station exit entrance platform ticket ' +
  'gate seat train bus taxi airport terminal flight boarding pass hotel room check in out menu ' +
  'coffee tea milk water rice noodle chicken beef pork fish fresh open close sale discount member ' +
  'points balance account bank transfer payment received paid due warning danger caution stop slow ' +
  'parking lot floor level building office university hospital pharmacy police school library museum ' +
  'park garden shop market mall center north south east west street avenue quantity item unit qty ' +
  'subtotal vat net gross weight size color model serial license plate expiry made china product'
).split(' ');

const LOOKALIKE: Record<string, string> = {
  己: '已', 已: '己', 未: '末', 末: '未', 人: '入', 入: '人', 土: '士', 士: '土', 日: '曰', 曰: '日',
  大: '太', 太: '大', 天: '夭', 王: '玉', 玉: '王', o: '0', '0': 'o', l: '1', '1': 'l', s: '5', '5': 's', b: '8', '8': 'b',
};
const LETTERS = 'ABCDEFGHJKLMNOPRSTUVWXYZ';
const PROVINCES = '京沪粤苏浙鲁川渝湘鄂豫闽';

interface Vocabulary {
  words: string[];
  cumulative: Float64Array;
}

function chineseVocabulary(): Vocabulary {
  const entries: Array<[string, number]> = [];
  for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
    const [word, freq] = line.split(' ');
    const f = Number(freq);
    if (f >= 200 && /^\p{Script=Han}{2,4}$/u.test(word)) entries.push([word, f]);
  }
  const cumulative = new Float64Array(entries.length);
  let sum = 0;
  entries.forEach(([, f], i) => (cumulative[i] = sum += Math.pow(f, 0.8)));
  return { words: entries.map(([w]) => w), cumulative };
}

function pickWeighted(v: Vocabulary, rand: Rand): string {
  const target = rand() * v.cumulative[v.cumulative.length - 1];
  let lo = 0;
  let hi = v.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v.cumulative[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return v.words[lo];
}

const pick = <T>(list: readonly T[], rand: Rand): T => list[Math.floor(rand() * list.length)];
const digits = (n: number, rand: Rand) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

export type QueryKind = 'cjk-word' | 'cjk-cross' | 'english' | 'digits' | 'numbers' | 'mixed';
export const QUERY_KINDS: QueryKind[] = ['cjk-word', 'cjk-cross', 'english', 'digits', 'numbers', 'mixed'];

const two = (n: number) => String(n).padStart(2, '0');

/**
 * A line with numbers around punctuation, as receipts, notices and screenshots have them, and a
 * fragment of it a person would type: a time inside a longer time (`9:00` in `19:00`), a price
 * fragment (`12.`, `.22`), part of a phone number or date across its separator.
 */
function numberLine(label: string, rand: Rand): { line: string; fragment: string } {
  const roll = rand();
  if (roll < 0.25) {
    const [h1, h2] = [7 + Math.floor(rand() * 4), 17 + Math.floor(rand() * 6)];
    const [m1, m2] = [pick(['00', '30', '15', '45'], rand), pick(['00', '30'], rand)];
    const line = `${label} ${two(h1)}:${m1}-${h2}:${m2}`;
    const fragments = [`${h2 % 10}:${m2}`, `${h1}:${m1}`, `:${m1}-${h2}`, `${m1}-${h2}:`];
    return { line, fragment: pick(fragments, rand) };
  }
  if (roll < 0.5) {
    const whole = String(1 + Math.floor(rand() * 999));
    const cents = digits(2, rand);
    const line = `${label} ¥${whole}.${cents}`;
    const fragments = [`${whole.slice(-2)}.`, `.${cents}`, `${whole}.${cents[0]}`, `¥${whole}`];
    return { line, fragment: pick(fragments, rand) };
  }
  if (roll < 0.75) {
    const area = `0${1 + Math.floor(rand() * 9)}${digits(2, rand)}`;
    const [a, b] = [digits(4, rand), digits(4, rand)];
    const line = `${label} ${area}-${a}-${b}`;
    const fragments = [`${a.slice(-2)}-${b.slice(0, 2)}`, `${area.slice(-2)}-${a}`, `-${b}`];
    return { line, fragment: pick(fragments, rand) };
  }
  const [y, m, d] = [2015 + Math.floor(rand() * 10), 1 + Math.floor(rand() * 12), 1 + Math.floor(rand() * 28)];
  const separator = pick(['/', '-', '.'], rand);
  const line = `${label} ${y}${separator}${two(m)}${separator}${two(d)}`;
  const fragments = [`${two(m)}${separator}${two(d)}`, `${String(y).slice(-2)}${separator}${two(m)}`, `${separator}${two(d)}`];
  return { line, fragment: pick(fragments, rand) };
}

export interface Doc {
  clean: string;
  stored: string;
  /** query candidates taken from this document, by kind */
  seeds: Partial<Record<QueryKind, string[]>>;
}

export class CorpusGenerator {
  private readonly vocab = chineseVocabulary();
  constructor(private readonly rand: Rand) {}

  doc(): Doc {
    const rand = this.rand;
    const seeds: Doc['seeds'] = {};
    const seed = (kind: QueryKind, q: string) => (seeds[kind] ??= []).push(q);
    const lines: string[] = [];
    const count = 2 + Math.floor(rand() * 5);
    for (let l = 0; l < count; l++) {
      const roll = rand();
      if (roll < 0.5) {
        const words = Array.from({ length: 2 + Math.floor(rand() * 5) }, () => pickWeighted(this.vocab, rand));
        words.forEach((w) => seed('cjk-word', w));
        for (let i = 0; i + 1 < words.length; i++) {
          const left = Array.from(words[i]);
          const right = Array.from(words[i + 1]);
          const a = 1 + Math.floor(rand() * Math.min(2, left.length - 1));
          const b = 1 + Math.floor(rand() * Math.min(2, right.length - 1));
          seed('cjk-cross', left.slice(-a).join('') + right.slice(0, b).join(''));
        }
        lines.push(words.join(''));
      } else if (roll < 0.65) {
        const words = Array.from({ length: 2 + Math.floor(rand() * 4) }, () => pick(ENGLISH, rand));
        words.forEach((w) => seed('english', w));
        lines.push(words.map((w) => (rand() < 0.3 ? w.toUpperCase() : rand() < 0.3 ? w[0].toUpperCase() + w.slice(1) : w)).join(' '));
      } else if (roll < 0.8) {
        const label = pickWeighted(this.vocab, rand);
        const number = rand() < 0.5 ? `1${3 + Math.floor(rand() * 7)}${digits(9, rand)}` : digits(6 + Math.floor(rand() * 6), rand);
        const start = 1 + Math.floor(rand() * (number.length - 5));
        seed('digits', number.slice(start, start + 4));
        const colon = rand() < 0.5;
        if (!colon) seed('mixed', label + number.slice(0, 3));
        seed('cjk-word', label);
        lines.push(`${label}${colon ? ':' : ''}${number}`);
      } else if (roll < 0.85) {
        const { line, fragment } = numberLine(pickWeighted(this.vocab, rand), rand);
        seed('numbers', fragment);
        lines.push(line);
      } else if (roll < 0.92) {
        const first = `${pick([...LETTERS], rand)}${pick([...LETTERS], rand)}${digits(2, rand)}`;
        const second = Array.from({ length: 3 }, () => pick([...LETTERS], rand)).join('');
        seed('digits', first);
        seed('mixed', `${first} ${second}`);
        lines.push(`${pick([...PROVINCES], rand)}${pick([...LETTERS], rand)} ${first} ${second}`);
      } else {
        const word = pickWeighted(this.vocab, rand);
        const english = pick(ENGLISH, rand);
        const number = digits(4 + Math.floor(rand() * 4), rand);
        seed('mixed', `${word}${english}`);
        seed('english', english);
        lines.push(`${word}${english.toUpperCase()}${number} ${pickWeighted(this.vocab, rand)}`);
      }
    }
    const clean = lines.join('\n');
    return { clean, stored: rand() < 0.1 ? this.noisy(lines) : clean, seeds };
  }

  /** OCR noise: look-alike swaps, dropped characters, spaces between CJK characters. */
  private noisy(lines: string[]): string {
    const rand = this.rand;
    return lines
      .map((line) => {
        let out = '';
        for (const ch of line) {
          const roll = rand();
          if (roll < 0.03) continue;
          const swap = LOOKALIKE[ch.toLowerCase()];
          out += roll < 0.1 && swap ? swap : ch;
        }
        return rand() < 0.5 ? out.replace(/(\p{Script=Han})(?=\p{Script=Han})/gu, '$1 ') : out;
      })
      .join('\n');
  }
}
