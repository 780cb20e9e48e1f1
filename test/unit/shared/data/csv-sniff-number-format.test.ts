import { describe, expect, it } from 'vitest';
import { sniffCsv } from '../../../../src/shared/data/csv-sniff';

// The number-format guess, one rule at a time: the data cells (header left out) vote — '3,14' for a
// decimal comma, '3.14' for a decimal point, the more votes wins and a tie keeps the point; '1.234,5'
// among decimal commas means '.' groups thousands; '1,234' groups thousands with ',' where it cannot
// be a decimal comma (a comma-separated file, or with a decimal point after it). Cells shorter than
// 3 characters say nothing. Each case is one column of cells under a header 'v'.

const format = (cells: readonly string[], delimiter: ',' | ';' = ';') => {
  const lines = cells.map((cell) => (delimiter === ',' && cell.includes(',') ? `"${cell}"` : cell));
  const { decimal, thousands } = sniffCsv(new TextEncoder().encode(['v', ...lines].join('\n') + '\n'), 'f.csv', { complete: true, delimiter });
  return `decimal '${decimal}', thousands '${thousands}'`;
};
const POINT = "decimal '.', thousands ''";
const COMMA = "decimal ',', thousands ''";
const COMMA_DOTS = "decimal ',', thousands '.'";
const POINT_COMMAS = "decimal '.', thousands ','";

describe('number format guess', () => {
  it('takes the decimal comma when its cells outnumber the decimal point\'s; a tie keeps the point', () => {
    expect(format(['3,14', '2,5'])).toBe(COMMA);
    expect(format(['3,14', '2.5'])).toBe(POINT);
    expect(format(['3,14', '2,5', '2.5'])).toBe(COMMA);
    expect(format(['3,14', '2.5', '2.6'])).toBe(POINT);
  });

  it('reads trimmed cells and skips cells shorter than 3 characters', () => {
    expect(format([' 3,14 ', '2.5', '2,25'])).toBe(COMMA);
    expect(format(['1,5', '2,5'])).toBe(COMMA);
    // '.5' is too short to vote, so the decimal comma wins alone.
    expect(format(['3,14', '.5'])).toBe(COMMA);
  });

  // A cell like each of these votes for the decimal point (with one decimal comma beside it: a tie).
  it.each(['2.50', '-2.50', '+2.50', '12.5', '1.25', '1.5e3', '1.5e-3', '1.5E+10', '12,345.5e3', '1,234,567.5e3'])('%s is written with a decimal point', (cell) => {
    expect(format(['3,14', cell])).toBe(POINT);
  });

  // A cell like each of these is not a number with a decimal point (one decimal comma beside it wins).
  it.each(['v1.25', '1.25v', '1.', '1.5e', '1.5e+', '12,34.5', '1.2.3'])('%s is no decimal-point number', (cell) => {
    expect(format(['3,14', cell])).toBe(COMMA);
  });

  // Each of these votes for the decimal comma (beside '3,15' and one decimal point: 2 to 1).
  it.each(['3,14', '-3,14', '12,5', '3,145', '1.234,5', '12.345,6', '123.456,7', '1.234.567,8'])('%s is written with a decimal comma', (cell) => {
    expect(format([cell, '3,15', '2.5']).startsWith("decimal ','")).toBe(true);
  });

  // These do not (1 to 1: the point stays).
  it.each(['x3,14', '3,14x', '3,', ',5', '1.23,4', '1234.567,8'])('%s is no decimal-comma number', (cell) => {
    expect(format([cell, '3,15', '2.5'])).toBe(POINT);
  });

  it("takes '.' for the thousands separator when a decimal-comma cell groups its digits with dots", () => {
    expect(format(['3,14', '3,15'])).toBe(COMMA);
    for (const cell of ['1.234,5', '-1.234,56', '12.345,6', '1.234.567,8']) expect(format([cell, '3,15']), cell).toBe(COMMA_DOTS);
    // Not groups of three after 1 to 3 digits, or text around them: no thousands separator.
    for (const cell of ['x1.234,5', '1.234,5x', '1.23,5', '1234.567,8']) expect(format([cell, '3,15']), cell).toBe(COMMA);
  });

  it("takes ',' for the thousands separator in a comma-separated file, or with a decimal point after the groups", () => {
    for (const cell of ['1,234', '-1,234', '12,345', '123,456', '1,234,567', '1,234.5', '1,234.56']) expect(format([cell], ','), cell).toBe(POINT_COMMAS);
    // Not thousands groups: read as a decimal comma.
    for (const cell of ['1,23', '1,2345', '1234,567']) expect(format([cell], ','), cell).toBe(COMMA);
    expect(format(['x1,234'], ',')).toBe(POINT);
    // In a semicolon-separated file '1,234' is a decimal comma, but '1,234.5' groups thousands.
    expect(format(['1,234'])).toBe(COMMA);
    expect(format(['1,234.5'])).toBe(POINT_COMMAS);
    expect(format(['1,234.5x'])).toBe(POINT);
  });
});
