import { describeFormat, numberLike, rangeText, type NumberFormat, type Precision, type RangeProblem } from './csv-values';

// Cells that look like numbers but are not stored as numbers, counted per column by why: written in
// another number format ('3,14' when a decimal point was chosen), hexadecimal or binary ('0x1A'),
// or beyond what the storage type holds ('1e309', '1e-400'). The profiler counts them before
// anything is built, the builder again for the rows it reads; both say it in the same words, with
// the first row and the choice that would read them, so no such column is one-hot encoded, dropped
// or filled without a word.

export type TroubleKind =
  | { kind: 'format'; format: NumberFormat }
  | { kind: 'hexadecimal' }
  | { kind: RangeProblem; precision: Precision };

export type NumberTrouble = TroubleKind & { count: number; first: { row: number; value: string } };

const keyOf = (t: TroubleKind) => (t.kind === 'format' ? `format${t.format.decimal}${t.format.thousands}` : t.kind === 'hexadecimal' ? t.kind : `${t.kind}-${t.precision}`);

/** Counts troubles of one column by kind, in the order first seen. */
export class TroubleCounter {
  private readonly byKind = new Map<string, NumberTrouble>();

  add(kind: TroubleKind, row: number, value: string): void {
    const key = keyOf(kind);
    const seen = this.byKind.get(key);
    if (seen) seen.count++;
    else this.byKind.set(key, { ...kind, count: 1, first: { row, value: value.trim() } });
  }

  get size(): number {
    return this.byKind.size;
  }

  list(): NumberTrouble[] {
    return [...this.byKind.values()];
  }
}

/** Why a text that is neither a number in `format` nor a missing marker looks numeric, if it does. */
export function unreadNumber(text: string, format: NumberFormat): TroubleKind | null {
  const like = numberLike(text, format);
  if (like === null) return null;
  return like === 'hexadecimal or binary' ? { kind: 'hexadecimal' } : { kind: 'format', format: like };
}

const quote = (value: string) => `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
const values = (n: number) => (n === 1 ? '1 value' : `${n.toLocaleString('en-US')} values`);

/** What is wrong with such values and what would read them ("are numbers written with …: choose …"). */
function reason(t: TroubleKind, plural: boolean): string {
  const [are, them] = plural ? ['are', 'them'] : ['is', 'it'];
  if (t.kind === 'format') return `${are} ${plural ? 'numbers' : 'a number'} written with ${describeFormat(t.format)}: choose that number format to read ${them}`;
  if (t.kind === 'hexadecimal') return `${are} hexadecimal or binary, which is not read as a number: convert the column or ignore it`;
  const how = t.kind === 'overflow' ? 'too large' : 'too close to zero';
  const fix = t.precision === 'float32' ? `store the dataset as float64, or treat ${them} as missing` : `treat ${them} as missing, or fix the file`;
  return `${are} ${how} for ${t.precision} (${rangeText(t.precision)}): ${fix}`;
}

/** One sentence, naming the column, the count, the first row and what would read the values. */
export function describeTrouble(column: string, t: NumberTrouble): string {
  return `column '${column}': ${values(t.count)} like ${quote(t.first.value)} (first at row ${t.first.row}) ${reason(t, t.count !== 1)}`;
}

/** The same for one cell, for the message that stops an import at it. */
export function describeCell(text: string, t: TroubleKind): string {
  return `${quote(text.trim())} ${reason(t, false)}`;
}

/** The most frequent other number format among a column's troubles (what the wizard offers to switch to). */
export function proposedFormat(troubles: readonly NumberTrouble[]): NumberFormat | null {
  let best: NumberTrouble | null = null;
  for (const t of troubles) if (t.kind === 'format' && (!best || t.count > best.count)) best = t;
  return best?.kind === 'format' ? best.format : null;
}
