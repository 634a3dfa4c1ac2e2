/** tsquery input text for the segmented query units (search/segment.ts writes the documents' side). */
import { BUCKET_CODES, HEAD_CHARS, HEAD_MARK, markJoins, type QueryUnit, quoteLexeme } from './segment';

/**
 * The tsquery text (as toTsqueryText and the query module write it: every lexeme quoted) for each
 * bucket, in bucket order: the same query with the bucket's code in front of every lexeme.
 */
export function bucketTsqueries(tsquery: string): string[] {
  return Array.from(BUCKET_CODES, (code) => tsquery.replace(/'((?:[^']|'')*)'/g, (_, lexeme: string) => `'${code}${lexeme}'`));
}

/**
 * `precise`: the query itself. `index`: what the GIN index is asked, a superset that needs no
 * prefix scan where a head will do: a long last token `'hospital':*A` (every lexeme starting with
 * `hospital`, `hospitality`… is one index entry each, all read in full) becomes its head
 * `'^hos'`, one entry; the precise query then filters the rows the index returns.
 */
export type TsqueryForm = 'precise' | 'index';

/**
 * tsquery input text matching documents that contain the term as a substring (adjacent units).
 * A letter/digit token alone may sit anywhere inside a document token: a prefix of any of its
 * suffixes (`'voic':*`). In a longer term, the first token ends a document token (its full form or
 * a suffix, matched exactly), a middle one is a whole document token (weight A) and the last one
 * begins one: its `^head` lexeme when it is that short, else `:*A`. So `e16 tg` is
 * `'e' <1> '16':A <1> '^tg'`, which does not match `tg` inside `xtgk`.
 */
export function toTsqueryText(units: QueryUnit[], form: TsqueryForm = 'precise'): string {
  const operands = units.map((unit, i) => ({ unit, operand: operand(units, i, form) }));
  if (form === 'precise') return joinOperands(operands);
  // punctuation alone is in most documents with numbers: the index is asked for its joins to the
  // neighbouring tokens instead (see markJoins), the precise form checks the punctuation itself
  const words = joinOperands(operands.filter(({ unit }) => unit.kind !== 'mark'));
  const joins = units.flatMap((unit, i) => {
    if (unit.kind !== 'mark') return [];
    const neighbour = (j: number) => (units[j]?.kind === 'word' && Math.abs(units[j].offset - unit.offset) === 1 ? units[j].lexeme : undefined);
    return markJoins(neighbour(i - 1), unit.lexeme, undefined).slice(-1).concat(markJoins(undefined, unit.lexeme, neighbour(i + 1)).slice(-1));
  });
  return [words, ...[...new Set(joins)].map(quoteLexeme)].filter(Boolean).join(' & ');
}

/**
 * A necessary condition for the term that asks the index only for selective entries: the index
 * form without its one-character letter/digit tokens (`o`, `^1`: in half the documents); null
 * when nothing selective is left (no CJK, no token of three characters or more).
 */
export function toAnchorTsqueryText(units: QueryUnit[]): string | null {
  const kept = units
    .map((unit, i) => ({ unit, operand: operand(units, i, 'index') }))
    .filter(({ unit }) => unit.kind === 'cjk' || Array.from(unit.lexeme).length > 1);
  if (!kept.some(({ unit }) => unit.kind === 'cjk' || Array.from(unit.lexeme).length >= HEAD_CHARS)) return null;
  return joinOperands(kept);
}

function operand(units: QueryUnit[], i: number, form: TsqueryForm): string {
  const unit = units[i];
  let lexeme = quoteLexeme(unit.lexeme);
  if (unit.kind === 'word' && units.length > 1 && i > 0) {
    const chars = Array.from(unit.lexeme);
    if (i < units.length - 1 || !unit.prefix) lexeme += ':A';
    else if (chars.length <= HEAD_CHARS) lexeme = quoteLexeme(HEAD_MARK + unit.lexeme);
    else if (form === 'index') lexeme = quoteLexeme(HEAD_MARK + chars.slice(0, HEAD_CHARS).join(''));
    else lexeme += ':*A';
  } else if (unit.prefix && !(unit.kind === 'word' && units.length > 1)) {
    lexeme += ':*';
  }
  return lexeme;
}

function joinOperands(parts: Array<{ unit: QueryUnit; operand: string }>): string {
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    out = i === 0 ? parts[i].operand : `${out} <${parts[i].unit.offset - parts[i - 1].unit.offset}> ${parts[i].operand}`;
  }
  return parts.length > 1 ? `(${out})` : out;
}
