import { wordSpans } from './jieba';
import { normalizeText, Run, splitRuns } from '../ocr-text/normalize';

/**
 * One segmenter for documents and queries.
 *
 * Documents become a tsvector whose positions follow the text: every CJK character has a position
 * holding the bigram that starts there (the run's last character holds itself), so any CJK
 * substring of 2+ characters is a phrase of adjacent bigrams and a single character is a prefix
 * match. Bigrams inside a jieba (search mode) word get weight A, bigrams across word boundaries D,
 * so whole-word matches rank first. Letter/digit runs are cut where letters meet digits (`RE16TGK`
 * → `re` `16` `tgk` at adjacent positions), and each token holds its full form (A) and all its
 * suffixes (D) at one position, so a prefix query over them finds any substring: `E16T` in
 * `RE16TGK`, `1234` in `13812345678`. The cut keeps the lexicon to words and numbers (no
 * `total12345`-style lexemes), so a prefix like `total:*` expands to a handful of entries instead of
 * one per number the word was ever glued to. Punctuation touching a digit (`19:00`, `12.50`,
 * `138-1234`, `¥88`) is indexed too, a character per position, so a number fragment around it is a
 * substring match (`9:00` in `19:00`, `.22`, `12.`); other punctuation only takes a position. Text on
 * different OCR lines is not adjacent, but for Chinese text running on from one line to the next.
 */

export type Weight = 'A' | 'D';
export interface QueryUnit {
  lexeme: string;
  /** CJK bigram/character, letter/digit token, or a punctuation character touching a digit */
  kind: 'cjk' | 'word' | 'mark';
  /** may match as a prefix (a single CJK character; letter/digit tokens where their place allows) */
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
/**
 * A token's first 1..HEAD_CHARS characters are also indexed as `^head` lexemes (`^` never occurs
 * in a token), so a short token beginning — the end of a longer term, `re16` → `'re' <1> '^16'` —
 * is one index entry instead of a prefix scan over every lexeme starting with `16`.
 */
export const HEAD_CHARS = 3;
export const HEAD_MARK = '^';

const TOKEN = /\p{N}[\p{N}\p{M}]*|[^\p{N}]+/gu;

/** A letter/digit run cut where letters meet digits: `re16tgk` → `re`, `16`, `tgk`. */
function wordTokens(run: string): string[] {
  return (run.match(TOKEN) ?? []).map((token) => Array.from(token).slice(0, MAX_TOKEN_CHARS).join(''));
}

type Postings = Map<string, Map<number, Weight>>;

const DIGIT_START = /^\p{N}/u;
const DIGIT_END = /\p{N}$/u;

/**
 * Punctuation joined to the 1–2 characters of the token on each side (`17:30` → `7:` `17:` `:3` `:30`
 * at the colon's position): lexemes only the index form of a query asks for, so `.19` or `7:30` is a
 * selective lookup instead of every token beginning with 19 or 30. The precise form never uses them.
 */
export function markJoins(before: string | undefined, mark: string, after: string | undefined): string[] {
  const joins: string[] = [];
  const tail = before ? Array.from(before) : [];
  const head = after ? Array.from(after) : [];
  for (let k = 1; k <= Math.min(2, tail.length); k++) joins.push(tail.slice(-k).join('') + mark);
  for (let k = 1; k <= Math.min(2, head.length); k++) joins.push(mark + head.slice(0, k).join(''));
  return joins;
}

/** Whether run i is punctuation next to a digit (the runs of one line; whitespace is not a run). */
function marksDigits(runs: Array<Run | null>, i: number): boolean {
  const before = runs[i - 1];
  const after = runs[i + 1];
  return (before?.kind === 'word' && DIGIT_END.test(before.text)) || (after?.kind === 'word' && DIGIT_START.test(after.text));
}

function add(postings: Postings, lexeme: string, position: number, weight: Weight) {
  let positions = postings.get(lexeme);
  if (!positions) {
    positions = new Map();
    postings.set(lexeme, positions);
  }
  if (positions.get(position) !== 'A') positions.set(position, weight);
}

/**
 * The runs of a document's lines, a null between lines: OCR lines are separate boxes, and the
 * one-position gap the null makes keeps phrases from matching across them — except where Chinese text
 * runs on: a line ending in a CJK character followed by one starting with one is a wrapped line
 * (`增值税专用发` / `票`), so the two CJK runs are one run and `发票` matches across the break.
 */
function documentRuns(text: string): Array<Run | null> {
  const runs: Array<Run | null> = [];
  for (const line of text.split(/\r?\n/)) {
    const lineRuns = splitRuns(normalizeText(line));
    const previous = runs.at(-2);
    if (runs.at(-1) === null && previous?.kind === 'cjk' && lineRuns[0]?.kind === 'cjk') {
      runs.pop();
      runs[runs.length - 1] = { kind: 'cjk', text: previous.text + lineRuns.shift()!.text };
    }
    runs.push(...lineRuns, null);
  }
  return runs;
}

function documentPostings(text: string): Postings {
  const postings: Postings = new Map();
  let position = 1;
  const runs = documentRuns(text);
  for (const [r, run] of runs.entries()) {
    if (position > MAX_POSITION) break;
    if (run?.kind === 'mark' && marksDigits(runs, r)) {
      const chars = Array.from(run.text);
      const before = runs[r - 1]?.kind === 'word' ? wordTokens(runs[r - 1]!.text).at(-1) : undefined;
      const after = runs[r + 1]?.kind === 'word' ? wordTokens(runs[r + 1]!.text)[0] : undefined;
      chars.forEach((char, i) => {
        if (position > MAX_POSITION) return;
        add(postings, char, position, 'A');
        for (const joined of markJoins(i === 0 ? before : undefined, char, i === chars.length - 1 ? after : undefined)) add(postings, joined, position, 'A');
        position++;
      });
      continue;
    }
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
      for (const text of wordTokens(run.text)) {
        if (position > MAX_POSITION) break;
        const token = Array.from(text);
        add(postings, text, position, 'A');
        for (let k = 1; k <= Math.min(token.length, HEAD_CHARS); k++) {
          add(postings, HEAD_MARK + token.slice(0, k).join(''), position, 'A');
        }
        for (let k = 1; k < Math.min(token.length, MAX_SUFFIXES + 1); k++) {
          add(postings, token.slice(k).join(''), position, 'D');
        }
        position++;
      }
    }
  }
  return postings;
}

/** Quotes a lexeme for tsvector/tsquery input syntax. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * Every document falls in one of BUCKETS buckets (a hash of its text), and each of its lexemes
 * starts with the bucket's code, an upper-case ASCII letter (lexemes are lower-cased, so codes never
 * collide with text). A query is then one tsquery per bucket, scanned bucket after bucket: a word in
 * every tenth document costs Postgres one bucket's share of its posting list per window of results,
 * not the whole list (GIN builds a bitmap of every match before the first row comes out). Eight
 * buckets: the GIN index grows by about a sixth (a lexeme in several documents gets an entry per
 * bucket), a rare word costs eight small index scans instead of one.
 */
export const BUCKETS = 8;
export const BUCKET_CODES = 'ABCDEFGH';

/** The bucket of a document: FNV-1a of its text. */
export function bucketOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % BUCKETS;
}

/** The lexemes a document is indexed under (without the bucket code), in first-seen order. */
export function segment(text: string): string[] {
  return [...documentPostings(text).keys()];
}

/** tsvector input text for a document (cast with `::tsvector`; no text search config involved). */
export function toTsvectorText(text: string): string {
  const code = BUCKET_CODES[bucketOf(text)];
  const parts: string[] = [];
  for (const [lexeme, positions] of documentPostings(text)) {
    const list = [...positions].sort((a, b) => a[0] - b[0]).map(([p, w]) => (w === 'D' ? `${p}` : `${p}${w}`));
    parts.push(`${quoteLexeme(code + lexeme)}:${list.join(',')}`);
  }
  return parts.join(' ');
}

/** The same segmentation applied to one query term: lexemes with their relative positions. */
export function segmentQuery(text: string): QueryUnit[] {
  const units: QueryUnit[] = [];
  let offset = 0;
  const runs = splitRuns(normalizeText(text));
  for (const [r, run] of runs.entries()) {
    const chars = Array.from(run.text);
    if (run.kind === 'mark' && marksDigits(runs, r)) {
      for (const char of chars) units.push({ lexeme: char, kind: 'mark', prefix: false, offset: offset++ });
    } else if (run.kind === 'mark') {
      offset++;
    } else if (run.kind === 'cjk') {
      if (chars.length === 1) {
        units.push({ lexeme: chars[0], kind: 'cjk', prefix: true, offset });
      }
      for (let i = 0; i + 1 < chars.length; i++) {
        units.push({ lexeme: chars[i] + chars[i + 1], kind: 'cjk', prefix: false, offset: offset + i });
      }
      offset += chars.length;
    } else {
      for (const token of wordTokens(run.text)) {
        units.push({ lexeme: token, kind: 'word', prefix: true, offset });
        offset++;
      }
    }
  }
  return units;
}
