import { describe, expect, it } from 'vitest';
import { numberLike, numberParser, parseNumber, rangeProblem } from '../../../../src/shared/data/csv-values';

describe('number formats', () => {
  it('reads plain numbers strictly', () => {
    expect(['12', ' -3.5 ', '.5', '1e3', '1E-2'].map(parseNumber)).toEqual([12, -3.5, 0.5, 1000, 0.01]);
    expect(['', '3,14', '0x1A', 'Infinity', '1.2.3', '12abc'].map(parseNumber)).toEqual([null, null, null, null, null, null]);
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

  it('names the format that would read a number-looking text, or hexadecimal; words are not numbers', () => {
    const plain = { decimal: '.', thousands: '' } as const;
    expect(numberLike('3,14', plain)).toEqual({ decimal: ',', thousands: '' });
    expect(numberLike('1.250,5', plain)).toEqual({ decimal: ',', thousands: '.' });
    expect(numberLike('3.14', { decimal: ',', thousands: '' })).toEqual({ decimal: '.', thousands: '' });
    expect(numberLike('0x1A', plain)).toBe('hexadecimal or binary');
    expect(numberLike('0b101', plain)).toBe('hexadecimal or binary');
    expect(numberLike('red', plain)).toBeNull();
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
  });
});
