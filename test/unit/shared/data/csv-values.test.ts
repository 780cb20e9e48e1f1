import { describe, expect, it } from 'vitest';
import {
  DECIMAL_MARKS,
  describeFormat,
  describeValue,
  isMissing,
  numberLike,
  numberParser,
  parseNumber,
  PLAIN_NUMBERS,
  rangeProblem,
  rangeText,
  sortLabels,
  THOUSANDS_SEPARATORS,
} from '../../../../src/shared/data/csv-values';

describe('number formats', () => {
  it('reads plain numbers strictly', () => {
    expect(['12', ' -3.5 ', '.5', '1e3', '1E-2'].map(parseNumber)).toEqual([12, -3.5, 0.5, 1000, 0.01]);
    expect(['', '3,14', '0x1A', 'Infinity', '1.2.3', '12abc'].map(parseNumber)).toEqual([null, null, null, null, null, null]);
  });

  it('reads every digit of a number, its fraction and a multi-digit exponent', () => {
    expect(['12.5', '.25', '2.5e-10', '1E+21', '9', '0', '-0.5', '+7'].map(parseNumber)).toEqual([12.5, 0.25, 2.5e-10, 1e21, 9, 0, -0.5, 7]);
    // Beyond 2^53 a digit-by-digit sum rounds more than once; the value must be the nearest double, as Number() reads it.
    for (const text of ['72216618521348232160', '16535423258652311786', '9007199254740993']) expect(parseNumber(text)).toBe(Number(text));
  });

  it('reads a decimal comma, and thousands separators only between groups of three digits', () => {
    const comma = numberParser({ decimal: ',', thousands: '.' });
    expect(['3,14', '-0,75', '1.250,5', '1.003,0', '1,0e3', ',5', '42'].map(comma)).toEqual([3.14, -0.75, 1250.5, 1003, 1000, 0.5, 42]);
    expect(['3.14', '12.34,5', '1,2,3'].map(comma)).toEqual([null, null, null]);
    const us = numberParser({ decimal: '.', thousands: ',' });
    expect(['1,234,567.25', '999', '-1,000'].map(us)).toEqual([1234567.25, 999, -1000]);
    expect(['1,23', '12,3456'].map(us)).toEqual([null, null]);
    const spaced = numberParser({ decimal: ',', thousands: ' ' });
    expect(['1 234,5', '1\u00a0234', '12\u202f345'].map(spaced)).toEqual([1234.5, 1234, 12345]);
  });

  it('reads a field padded with spaces in every format, and offers exactly the formats it can read', () => {
    expect(numberParser({ decimal: ',', thousands: '.' })(' 1.234,5 ')).toBe(1234.5);
    expect(numberParser({ decimal: ',', thousands: '' })(' -0,5\t')).toBe(-0.5);
    expect(numberParser(PLAIN_NUMBERS)).toBe(parseNumber);
    expect(DECIMAL_MARKS).toEqual(['.', ',']);
    expect(THOUSANDS_SEPARATORS).toEqual(['', ',', '.', ' ', "'"]);
    const grouped: Record<string, string> = { '': '1234567', ',': '1,234,567', '.': '1.234.567', ' ': '1 234 567', "'": "1'234'567" };
    for (const thousands of THOUSANDS_SEPARATORS) {
      const decimal = thousands === ',' ? '.' : ',';
      expect(numberParser({ decimal, thousands })(grouped[thousands])).toBe(1234567);
    }
  });

  it('names each format as the wizard writes it', () => {
    expect(describeFormat(PLAIN_NUMBERS)).toBe('decimal point');
    expect(describeFormat({ decimal: ',', thousands: '' })).toBe('decimal comma');
    expect(describeFormat({ decimal: '.', thousands: ',' })).toBe('decimal point, thousands ","');
    expect(describeFormat({ decimal: ',', thousands: '.' })).toBe('decimal comma, thousands "."');
    expect(describeFormat({ decimal: ',', thousands: ' ' })).toBe('decimal comma, thousands " "');
    expect(describeFormat({ decimal: '.', thousands: "'" })).toBe(`decimal point, thousands "'"`);
  });

  it('names the format that would read a number-looking text, or hexadecimal; words are not numbers', () => {
    const plain = { decimal: '.', thousands: '' } as const;
    expect(numberLike('3,14', plain)).toEqual({ decimal: ',', thousands: '' });
    expect(numberLike('1.250,5', plain)).toEqual({ decimal: ',', thousands: '.' });
    expect(numberLike('3.14', { decimal: ',', thousands: '' })).toEqual({ decimal: '.', thousands: '' });
    expect(numberLike('0x1A', plain)).toBe('hexadecimal or binary');
    expect(numberLike('0b101', plain)).toBe('hexadecimal or binary');
    expect(numberLike('red', plain)).toBeNull();
  });

  it('tries every other format in turn, never the chosen one, and looks past padding', () => {
    const plain = { decimal: '.', thousands: '' } as const;
    const cases: [string, object][] = [
      ['1,234.5', { decimal: '.', thousands: ',' }],
      ['1 234.5', { decimal: '.', thousands: ' ' }],
      ['1 234,5', { decimal: ',', thousands: ' ' }],
      ["1'234.5", { decimal: '.', thousands: "'" }],
      ['1.234,5', { decimal: ',', thousands: '.' }],
    ];
    for (const [text, format] of cases) expect(numberLike(text, plain)).toEqual(format);
    expect(numberLike('3.14', { decimal: ',', thousands: '.' })).toEqual(plain);
    // '1.5' is a plain number, so whoever asks about it is told of a different format that reads it, not the one they chose.
    expect(numberLike('1.5', plain)).toEqual({ decimal: '.', thousands: ',' });
    expect(numberLike(' 0x1A ', plain)).toBe('hexadecimal or binary');
    expect(numberLike('-0XfF', plain)).toBe('hexadecimal or binary');
    expect(numberLike('0x1AZ', plain)).toBeNull();
    expect(numberLike('a0x1A', plain)).toBeNull();
    expect(numberLike('*0b1', plain)).toBeNull();
  });

  it('says which numbers a storage type cannot hold beyond rounding', () => {
    expect(rangeProblem(Number('1e309'), '1e309', 'float64')).toBe('overflow');
    expect(rangeProblem(1e308, '1e308', 'float64')).toBeNull();
    expect(rangeProblem(1e308, '1e308', 'float32')).toBe('overflow');
    expect(rangeProblem(3.4e38, '3.4e38', 'float32')).toBeNull();
    expect(rangeProblem(0, '1e-400', 'float64')).toBe('underflow');
    expect(rangeProblem(0, '0.000e5', 'float64')).toBeNull();
    expect(rangeProblem(1e-310, '1e-310', 'float64')).toBe('underflow');
    expect(rangeProblem(1e-40, '1e-40', 'float32')).toBe('underflow');
    expect(rangeProblem(1e-40, '1e-40', 'float64')).toBeNull();
    expect(rangeProblem(-2.5, '-2.5', 'float32')).toBeNull();
    expect(rangeProblem(0, '9e-400', 'float64')).toBe('underflow');
    expect(rangeProblem(0, '0E5', 'float64')).toBeNull();
    expect(rangeProblem(0, '-0,000', 'float64')).toBeNull();
    // A French-format zero: the no-break space between its groups is not a nonzero digit.
    expect(rangeProblem(0, '0\u00a0000', 'float64')).toBeNull();
    // The smallest normal numbers themselves are stored exactly.
    expect(rangeProblem(2 ** -1022, '2.2250738585072014e-308', 'float64')).toBeNull();
    expect(rangeProblem(2 ** -126, '1.1754943508222875e-38', 'float32')).toBeNull();
    expect(rangeProblem(-1e-40, '-1e-40', 'float32')).toBe('underflow');
    expect(rangeProblem(-1e39, '-1e39', 'float32')).toBe('overflow');
  });

  it('states each storage range for messages', () => {
    expect(rangeText('float32')).toBe('float32 holds ±1.2e-38 … ±3.4e38');
    expect(rangeText('float64')).toBe('float64 holds ±2.2e-308 … ±1.8e308');
  });
});

describe('missing values, quoting and label order', () => {
  it('knows the spellings of no value, whatever their case and padding', () => {
    expect(['', '  ', 'NaN', 'nan', 'NA', 'n/a', 'N/A', '?', 'NULL', 'None', ' none '].every(isMissing)).toBe(true);
    expect(['0', '-', 'missing', 'nil', 'N', 'nana'].some(isMissing)).toBe(false);
  });

  it('quotes a field trimmed, and shortens a long one to 40 characters', () => {
    expect(describeValue('  ')).toBe('an empty value');
    expect(describeValue(' red ')).toBe("'red'");
    expect(describeValue('x'.repeat(40))).toBe(`'${'x'.repeat(40)}'`);
    expect(describeValue('y'.repeat(41))).toBe(`'${'y'.repeat(40)}…'`);
  });

  it('sorts numeric labels by value and names alphabetically, each once', () => {
    expect(sortLabels(['10', '2', '-1', '2', '1.5'])).toEqual(['-1', '1.5', '2', '10']);
    expect(sortLabels(['b', '10', '2', 'a', 'b'])).toEqual(['10', '2', 'a', 'b']);
    expect(sortLabels([])).toEqual([]);
  });
});
