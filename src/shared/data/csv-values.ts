// How a single CSV field is read: numbers in a chosen format (decimal point or comma, an optional
// thousands separator), the spellings of "no value" that spreadsheets, R, pandas and the UCI
// repository write, and the numbers a dataset cannot store (overflow, underflow). Shared by the
// profiler (counting) and the builder (reading) so both agree on every cell.

export type DecimalMark = '.' | ',';
/** '' for none; ' ' also accepts the no-break spaces spreadsheets write. */
export type ThousandsSeparator = '' | ',' | '.' | ' ' | "'";
export const DECIMAL_MARKS: readonly DecimalMark[] = ['.', ','];
export const THOUSANDS_SEPARATORS: readonly ThousandsSeparator[] = ['', ',', '.', ' ', "'"];

export interface NumberFormat {
  decimal: DecimalMark;
  thousands: ThousandsSeparator;
}

export const PLAIN_NUMBERS: NumberFormat = { decimal: '.', thousands: '' };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Plain non-negative integers, most cells of numeric files (exact below 2^53), without a regex. */
function plainInteger(text: string): number | null {
  const length = text.length;
  if (length === 0 || length >= 16) return null;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  return value;
}

/** Strict decimal parsing: unlike Number(), rejects '', hex, 'Infinity' and stray text. 1e309 reads as Infinity: see `rangeProblem`. */
export function parseNumber(text: string): number | null {
  const integer = plainInteger(text);
  if (integer !== null) return integer;
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A parser for one number format. Thousands separators are accepted only between groups of three
 * digits ("1,234,567"), so a separator in the wrong place is an unreadable value, not a smaller number.
 */
export function numberParser(format: NumberFormat): (text: string) => number | null {
  if (format.decimal === '.' && format.thousands === '') return parseNumber;
  const group = format.thousands === ' ' ? '[ \\u00a0\\u202f]' : escape(format.thousands);
  const integer = format.thousands ? `(\\d{1,3}(${group}\\d{3})+|\\d+)` : '\\d+';
  const decimal = escape(format.decimal);
  const pattern = new RegExp(`^[+-]?(${integer}(${decimal}\\d*)?|${decimal}\\d+)([eE][+-]?\\d+)?$`);
  const separators = format.thousands ? new RegExp(group, 'g') : null;
  return (text) => {
    const integerValue = plainInteger(text);
    if (integerValue !== null) return integerValue;
    const trimmed = text.trim();
    if (!pattern.test(trimmed)) return null;
    // Without its separators, text the pattern accepts holds a comma only as a decimal comma.
    const plain = separators ? trimmed.replace(separators, '') : trimmed;
    return Number(plain.replace(',', '.'));
  };
}

/** Short name of a format, as the wizard and messages write it. */
export function describeFormat(format: NumberFormat): string {
  const decimal = format.decimal === ',' ? 'decimal comma' : 'decimal point';
  const thousands = { '': '', ',': ', thousands ","', '.': ', thousands "."', ' ': ', thousands " "', "'": `, thousands "'"` }[format.thousands];
  return decimal + thousands;
}

/** Formats tried, in this order, on text that is not a number in the chosen format. */
const OTHER_FORMATS: readonly NumberFormat[] = [
  { decimal: '.', thousands: '' },
  { decimal: ',', thousands: '' },
  { decimal: '.', thousands: ',' },
  { decimal: ',', thousands: '.' },
  { decimal: '.', thousands: ' ' },
  { decimal: ',', thousands: ' ' },
  { decimal: '.', thousands: "'" },
];
const OTHER_PARSERS = OTHER_FORMATS.map((format) => ({ format, parse: numberParser(format) }));

const HEX_OR_BINARY = /^[+-]?0([xX][0-9a-fA-F]+|[bB][01]+)$/;

/**
 * What a text that is not a number in `format` looks like, if it looks like a number at all: another
 * number format that reads it, or 'hexadecimal or binary' (which no format reads). null for words.
 */
export function numberLike(text: string, format: NumberFormat): NumberFormat | 'hexadecimal or binary' | null {
  const trimmed = text.trim();
  if (HEX_OR_BINARY.test(trimmed)) return 'hexadecimal or binary';
  for (const other of OTHER_PARSERS) {
    if (other.format.decimal === format.decimal && other.format.thousands === format.thousands) continue;
    if (other.parse(trimmed) !== null) return other.format;
  }
  return null;
}

export type Precision = 'float32' | 'float64';
export type RangeProblem = 'overflow' | 'underflow';

/** Smallest normal numbers: below them a value is flushed to zero or keeps only some of its digits. */
const MIN_NORMAL = { float32: 2 ** -126, float64: 2 ** -1022 } as const;
/** The largest float32 (values up to half an ulp beyond it still round to it). */
const MAX_FLOAT32 = 3.4028234663852886e38;

/** A nonzero digit before the exponent: the text wrote a nonzero number ('1e-400', not '0.0e5'). */
function nonzeroMantissa(text: string): boolean {
  for (const c of text) {
    if (c === 'e' || c === 'E') return false;
    if (c >= '1' && c <= '9') return true;
  }
  return false;
}

/**
 * Whether a parsed number survives storage as `precision` beyond rounding: 'overflow' when it is
 * (or becomes) ±Infinity, 'underflow' when a nonzero number is read as 0 or lands below the
 * smallest normal number (subnormal: digits lost, or flushed to zero by some hardware).
 * Runs on every numeric cell: the common cases return after a comparison or two, allocating nothing.
 */
export function rangeProblem(value: number, text: string, precision: Precision): RangeProblem | null {
  if (value === 0) return nonzeroMantissa(text) ? 'underflow' : null;
  const magnitude = Math.abs(value);
  if (magnitude >= MIN_NORMAL.float32 && magnitude <= MAX_FLOAT32) return null;
  if (!Number.isFinite(value)) return 'overflow';
  if (precision === 'float32' && !Number.isFinite(Math.fround(value))) return 'overflow';
  return magnitude < MIN_NORMAL[precision] ? 'underflow' : null;
}

/** The range of a storage type, for messages. */
export function rangeText(precision: Precision): string {
  return precision === 'float32' ? 'float32 holds ±1.2e-38 … ±3.4e38' : 'float64 holds ±2.2e-308 … ±1.8e308';
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
