import { wordSpans } from './jieba';
import { normalizeText, splitRuns } from './normalize';

/**
 * One segmenter for documents and queries.
 *
 * Documents become a tsvector whose positions follow the text: every CJK character has a position
 * holding the bigram that starts there (the run's last character holds itself), so any CJK
 * substring of 2+ characters is a phrase of adjacent bigrams and a single character is a prefix
 * match. Bigrams inside a jieba (search mode) word get weight A, bigrams across word boundaries D,
 * so whole-word matches rank first. Letter/digit tokens hold their full form (A) and all their
 * suffixes (D) at one position, so a prefix query over them finds any substring: `RE16` in
 * `RE16TGK`, `1234` in `13812345678`. Text on different OCR lines is not adjacent.
 */

export type Weight = 'A' | 'D';
export interface QueryUnit {
  lexeme: string;
  prefix: boolean;
  /** position relative to the first unit of the term */
  offset: number;
}

/** tsvector positions above this are clamped by Postgres; we stop indexing there instead. */
const MAX_POSITION = 16383;
/** Lexemes longer than this are cut (tsvector limit is 2 KB per lexeme). */
const MAX_TOKEN_CHARS = 64;
/** Suffixes are produced for the first this many start offsets of a token. */
const MAX_SUFFIXES = 32;

type Postings = Map<string, Map<number, Weight>>;

function add(postings: Postings, lexeme: string, position: number, weight: Weight) {
  let positions = postings.get(lexeme);
  if (!positions) {
    positions = new Map();
    postings.set(lexeme, positions);
  }
  if (positions.get(position) !== 'A') positions.set(position, weight);
}

function documentPostings(text: string): Postings {
  const postings: Postings = new Map();
  let position = 1;
  // OCR lines are separate boxes: a one-position gap keeps phrases from matching across them
  const runs = text.split(/\r?\n/).flatMap((line) => [...splitRuns(normalizeText(line)), null]);
  for (const run of runs) {
    if (position > MAX_POSITION) break;
    if (run === null || run.kind === 'mark') {
      position++;
      continue;
    }
    const chars = Array.from(run.text);
    if (run.kind === 'cjk') {
      const spans = wordSpans(run.text);
      const inWord = new Int32Array(chars.length); // chars left in the longest word covering i
      let left = 0;
      for (let i = 0; i < chars.length; i++) {
        left = Math.max(left - 1, spans[i]);
        inWord[i] = left;
      }
      for (let i = 0; i < chars.length && position <= MAX_POSITION; i++, position++) {
        if (i + 1 < chars.length) {
          add(postings, chars[i] + chars[i + 1], position, inWord[i] >= 2 ? 'A' : 'D');
        } else {
          add(postings, chars[i], position, spans[i] === 1 ? 'A' : 'D');
        }
      }
    } else {
      const token = chars.slice(0, MAX_TOKEN_CHARS);
      add(postings, token.join(''), position, 'A');
      for (let k = 1; k < Math.min(token.length, MAX_SUFFIXES + 1); k++) {
        add(postings, token.slice(k).join(''), position, 'D');
      }
      position++;
    }
  }
  return postings;
}

/** Quotes a lexeme for tsvector/tsquery input syntax. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The lexemes a document is indexed under, in first-seen order. */
export function segment(text: string): string[] {
  return [...documentPostings(text).keys()];
}

/** tsvector input text for a document (cast with `::tsvector`; no text search config involved). */
export function toTsvectorText(text: string): string {
  const parts: string[] = [];
  for (const [lexeme, positions] of documentPostings(text)) {
    const list = [...positions].sort((a, b) => a[0] - b[0]).map(([p, w]) => (w === 'D' ? `${p}` : `${p}${w}`));
    parts.push(`${quoteLexeme(lexeme)}:${list.join(',')}`);
  }
  return parts.join(' ');
}

/** The same segmentation applied to one query term: lexemes with their relative positions. */
export function segmentQuery(text: string): QueryUnit[] {
  const units: QueryUnit[] = [];
  let offset = 0;
  for (const run of splitRuns(normalizeText(text))) {
    const chars = Array.from(run.text);
    if (run.kind === 'mark') {
      offset++;
    } else if (run.kind === 'cjk') {
      if (chars.length === 1) {
        units.push({ lexeme: chars[0], prefix: true, offset });
      }
      for (let i = 0; i + 1 < chars.length; i++) {
        units.push({ lexeme: chars[i] + chars[i + 1], prefix: false, offset: offset + i });
      }
      offset += chars.length;
    } else {
      const token = chars.slice(0, MAX_TOKEN_CHARS).join('');
      units.push({ lexeme: token, prefix: true, offset });
      offset++;
    }
  }
  return units;
}

/** tsquery input text matching documents that contain the term as a substring (adjacent units). */
export function toTsqueryText(units: QueryUnit[]): string {
  let out = '';
  for (let i = 0; i < units.length; i++) {
    const unit = units[i];
    const lexeme = `${quoteLexeme(unit.lexeme)}${unit.prefix ? ':*' : ''}`;
    out = i === 0 ? lexeme : `${out} <${unit.offset - units[i - 1].offset}> ${lexeme}`;
  }
  return units.length > 1 ? `(${out})` : out;
}
