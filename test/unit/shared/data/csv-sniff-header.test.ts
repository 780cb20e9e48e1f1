import { describe, expect, it } from 'vitest';
import { sniffCsv } from '../../../../src/shared/data/csv-sniff';

// The header guess, one rule at a time. The first row is a header when it has a name and no
// number, and either some named column holds numbers in every row below, or its names are all
// there, all distinct, and each column has some value below that differs from its name.
// (csv-sniff.test.ts has the everyday cases; here no line is skipped, so the first row is the one judged.)

const hasHeader = (text: string) => sniffCsv(new TextEncoder().encode(text), 'f.csv', { complete: true, delimiter: ',', skipLines: 0 }).hasHeader;

describe('header guess', () => {
  it('takes a lone row of names for a header, but not a row of empty fields', () => {
    expect(hasHeader('name,size\n')).toBe(true);
    expect(hasHeader(',,\n')).toBe(false);
  });

  it('counts a column as numeric only with a number in every row below and a name above', () => {
    // Numbers in one row of two: no; the names repeat, so they do not decide either.
    expect(hasHeader('a,a\n1,x\ny,z\n')).toBe(false);
    // An empty field above numbers is a missing value in a data row, not a missing name.
    expect(hasHeader('red,,S\nblue,2,M\ngreen,3,L\n')).toBe(false);
    // A row shorter than the first one has no number there.
    expect(hasHeader('x,x,x\na,b\nc,d,1\n')).toBe(false);
  });

  it('over text, needs every name present and distinct, and each column to differ from its name somewhere below', () => {
    expect(hasHeader('colour,size\nred,S\nblue,M\n')).toBe(true);
    expect(hasHeader('x,x\na,b\nc,d\n')).toBe(false);
    expect(hasHeader(',x,y\na,b,c\nd,e,f\n')).toBe(false);
    expect(hasHeader('a, \nb,c\nd,e\n')).toBe(false);
    // 'size' repeated in every row below is a value, not a name; compared without surrounding spaces.
    expect(hasHeader('colour,size\nred,size\nblue,size\n')).toBe(false);
    expect(hasHeader('colour,size\nred, size\nblue,size \n')).toBe(false);
    expect(hasHeader('colour, size\nred,size\nblue,size\n')).toBe(false);
  });

  it('reads a name of spaces as no name, as an empty one', () => {
    expect(hasHeader(',b\n1,x\n2,y\n')).toBe(false);
    expect(hasHeader('  ,b\n1,x\n2,y\n')).toBe(false);
  });

  it('over text, takes a name that recurs in some rows below but not all', () => {
    expect(hasHeader('name,city\nname,paris\nbob,rome\n')).toBe(true);
  });

  it('over text, takes a row below that is shorter than the names', () => {
    expect(hasHeader('a,b,c\nx,y\nz,w,v\n')).toBe(true);
  });
});
