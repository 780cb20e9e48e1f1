import { describe, expect, it } from 'vitest';
import { formatFigure, formatRatio } from '../../../../src/shared/engine/format-figure';

// How a diagnostic figure reads in the run page's panels and the CLI's warnings: short whatever its
// size, switching to exponent form outside [0.001, 10000) exactly at those edges.

describe('formatFigure', () => {
  it('names the non-numbers and zero', () => {
    expect([NaN, Infinity, -Infinity, 0, -0].map(formatFigure)).toEqual(['NaN', '∞', '−∞', '0', '0']);
  });

  it('writes 0.001 up to 9994 with 3 significant digits, and without trailing zeros', () => {
    expect([0.001, 0.00099996, 0.0123456, 1, 1.5, 123.456, 9994, -0.5, -1234.5].map(formatFigure)).toEqual(['0.001', '0.001', '0.0123', '1', '1.5', '123', '9990', '-0.5', '-1230']);
  });

  it('chooses the form on the rounded figure: 9995 rounds to 10000 and reads 1.0e4, never a 5-digit 10000', () => {
    expect([9995, 9999.9, -9999].map(formatFigure)).toEqual(['1.0e4', '1.0e4', '-1.0e4']);
  });

  it('writes smaller and larger magnitudes with one decimal in exponent form, from 10000 on', () => {
    expect([10000, 12345, 1e110, 9.9e-4, 5e-4, 3.4e-9, -2e-7, -1e4].map(formatFigure)).toEqual(['1.0e4', '1.2e4', '1.0e110', '9.9e-4', '5.0e-4', '3.4e-9', '-2.0e-7', '-1.0e4']);
  });
});

describe('formatRatio', () => {
  it('writes whole ratios with thousands separators below a million', () => {
    expect([40.4, 100, 1200, 999_999.4].map(formatRatio)).toEqual(['40×', '100×', '1,200×', '999,999×']);
  });

  it('writes a million and more in exponent form, and a ratio past the numbers as "vastly"', () => {
    expect([1e6, 3e12, Infinity].map(formatRatio)).toEqual(['1.0e6×', '3.0e12×', 'vastly']);
  });
});
