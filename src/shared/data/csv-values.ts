// How a single CSV field is read: strict numbers, and the spellings of "no value" that spreadsheets,
// R, pandas and the UCI repository write. Shared by the profiler (counting) and the builder (reading)
// so both agree on every cell.

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Strict decimal parsing: unlike Number(), rejects '', hex, 'Infinity' and stray text. */
export function parseNumber(text: string): number | null {
  // Fast path for plain non-negative integers, most cells of numeric files (exact below 2^53).
  const length = text.length;
  if (length > 0 && length < 16) {
    let value = 0;
    let i = 0;
    for (; i < length; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (i === length) return value;
  }
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : null;
}

/** Compared trimmed and lower-cased. */
const MISSING_TOKENS = new Set(['', 'nan', 'na', 'n/a', '?', 'null', 'none']);

/** True for an empty field or a conventional missing-value marker ('', NaN, NA, N/A, ?, null, None). */
export function isMissing(text: string): boolean {
  return MISSING_TOKENS.has(text.trim().toLowerCase());
}

/** A field as quoted in messages. */
export function describeValue(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'an empty value';
  return `'${trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed}'`;
}

/** Numeric labels sort as numbers (2 before 10), names alphabetically, so order never depends on row order. */
export function sortLabels(values: Iterable<string>): string[] {
  const distinct = [...new Set(values)];
  const numeric = distinct.every((v) => parseNumber(v) !== null);
  return numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
}
