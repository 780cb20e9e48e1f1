import { describe, expect, it } from 'vitest';
import { FORMULA_CELL, neutralizeFormula } from '../../../../src/shared/data/csv-formulas';

describe('cells a spreadsheet would run as formulas', () => {
  it.each(['=1+1', '+cmd|calc', '-2+3', '@SUM(A1:A9)', '\t=1', '\r=1', '=HYPERLINK("x")\nsecond line', '-', '+'])('neutralizes %j', (text) => {
    expect(FORMULA_CELL.test(text)).toBe(true);
    expect(neutralizeFormula(text)).toBe(`'${text}`);
  });

  // Signed numbers of every shape a regression output takes: several integer digits, several
  // fraction digits after a bare point, an exponent with and without its sign, several exponent digits.
  it.each(['-1', '+2.5', '-273.15', '-1e-3', '-1e5', '-6.02E+23', '-.5', '-.25', '3.', 'setosa', '', ' =1', "'=1"])('leaves %j as it is', (text) => {
    expect(FORMULA_CELL.test(text)).toBe(false);
    expect(neutralizeFormula(text)).toBe(text);
  });
});
