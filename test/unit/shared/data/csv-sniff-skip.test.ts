import { describe, expect, it } from 'vitest';
import { sniffCsv } from '../../../../src/shared/data/csv-sniff';

// Lines skipped before the data, rule by rule: a line is metadata when its field count differs
// from the common width of the lines below it (taken from their lower half, at least two lines, 90%
// agreeing, two fields or more; a trailing delimiter is no field), when half or more of its fields
// are empty while the next line's are all filled, or when it mixes numbers with text above a
// column of numbers. At most 10 lines are guessed; the guess looks at the first 30 lines.

const sniff = (text: string, options: Parameters<typeof sniffCsv>[2] = {}) => sniffCsv(new TextEncoder().encode(text), 'f.csv', { complete: true, delimiter: ',', ...options });
const skipped = (text: string) => sniff(text).skipLines;
const rows = (n: number, line: string) => `${line}\n`.repeat(n);

describe('metadata lines', () => {
  it('skips a line of another width above two lines or more, of two fields or more', () => {
    expect(skipped('title\nx,y\n1,2\n')).toBe(1);
    expect(skipped('a,b,c\n1,2\n3,4\n')).toBe(1);
    // Below it a single column: nothing to compare with.
    expect(skipped('a,b\n1\n2\n3\n')).toBe(0);
  });

  it('needs 90% of the lower half of the lines below to agree on their width', () => {
    // 10 lines in the lower half, 9 of width 2: 90%.
    expect(skipped('title\n' + rows(10, 'a,b') + rows(9, '1,2') + '1,2,3\n')).toBe(1);
    // Half of them of width 3.
    expect(skipped('title\n' + rows(2, '1,2') + rows(2, '1,2,3') + rows(2, '1,2'))).toBe(0);
  });

  it('takes one more field that is empty, or one fewer above lines that all end empty, for a trailing delimiter', () => {
    expect(skipped('a,b,\n1,2\n3,4\n')).toBe(0);
    expect(skipped('a,b, \n1,2\n3,4\n')).toBe(0);
    expect(skipped('a,b\n1,2,\n3,4,\n')).toBe(0);
    expect(skipped('a,b\n1,2, \n3,4, \n')).toBe(0);
    // Only some of the lines below end empty: a line of another width.
    expect(skipped('a,b\n1,2,\n3,4,5\n5,6,\n')).toBe(1);
  });

  it("skips a line with half its fields empty above a full line (scikit-learn's \"506,13,,\")", () => {
    expect(skipped('506,13,,\na,b,c,d\n1,2,3,4\n5,6,7,8\n')).toBe(1);
    expect(skipped('506,13, , \na,b,c,d\n1,2,3,4\n5,6,7,8\n')).toBe(1);
    // The next line has an empty field too, or fewer than half are empty: no.
    expect(skipped('506,13,,\na,b,,d\n1,2,3,4\n5,6,7,8\n')).toBe(0);
    expect(skipped('506,13,,\na,b, ,d\n1,2,3,4\n5,6,7,8\n')).toBe(0);
    expect(skipped('3,4,\n1,2,3\n4,5,6\n')).toBe(0);
    // One field more than the lines below, empty: a trailing delimiter, not a half-empty line.
    expect(skipped('a,,\nx,y\n1,2\n3,4\n')).toBe(0);
  });

  it("skips a line mixing numbers with text above a column of numbers (scikit-learn's \"150,4,setosa,…\")", () => {
    expect(skipped('150,4,setosa,versicolor\n5.1,3.5,1.4,0.2\n4.9,3,1.4,0.2\n')).toBe(1);
    // Text above a column with text in it, above a shorter line, or blank: no.
    expect(skipped('3,abc\n1,2\n4,y\n')).toBe(0);
    expect(skipped('3,abc\n1\n1,2\n4,5\n')).toBe(0);
    expect(skipped('3,4, \n1,2,3\n4,5,6\n')).toBe(0);
  });

  it('guesses at most 10 lines, from the first 30', () => {
    expect(skipped(rows(11, 'title') + rows(19, '1,2'))).toBe(10);
    // Lines 31 on have another width; only the first 30 count.
    expect(skipped('title\n' + rows(29, '1,2') + rows(10, '1,2,3'))).toBe(1);
  });
});

describe('the sniffed preview', () => {
  it('reads the last line of a whole file without a final newline, and cuts it in a head', () => {
    expect(sniff('a,b\n1,2').preview).toEqual([['a', 'b'], ['1', '2']]);
    expect(sniff('a,b\n1,2\n3,', { complete: false }).preview).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('shows a character cut at the end of a whole file as U+FFFD', () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('a,b\n1,2'), 0xc3]);
    expect(sniffCsv(bytes, 'f.csv', { complete: true, delimiter: ',' }).preview).toEqual([['a', 'b'], ['1', '2\uFFFD']]);
  });

  it('leaves out blank lines, shows previewRows rows (50 by default) and refuses to skip every line', () => {
    expect(sniff('a,b\n\n1,2\n').preview).toEqual([['a', 'b'], ['1', '2']]);
    expect(sniff(rows(60, '1,2'), { previewRows: 2 }).preview).toHaveLength(2);
    expect(sniff(rows(60, '1,2')).preview).toHaveLength(50);
    expect(() => sniff('a,b\n1,2\n', { skipLines: 5 })).toThrow('f.csv: the file has no lines after the 5 skipped');
  });

  it('guesses the number format from the lines below the first', () => {
    // The first row's '1,50' cells would outvote '2.5' below it.
    expect(sniffCsv(new TextEncoder().encode('1,50;2,50\n2.5;x\n'), 'f.csv', { complete: true }).decimal).toBe('.');
  });

  it('ignores blank lines when it weighs the delimiters', () => {
    expect(sniffCsv(new TextEncoder().encode('a;b\n\n\n\n1;2\n'), 'f.csv', { complete: true }).delimiter).toBe(';');
    // More blank lines than lines of text, and no number to break a tie.
    expect(sniffCsv(new TextEncoder().encode('name;city\n\n\n\nann;paris\n\n\n\nbob;rome\n'), 'f.csv', { complete: true }).delimiter).toBe(';');
  });

  it('reads lines that end in "\\r" alone (old Mac files) from a head, holding back its last line', () => {
    expect(sniff('a,b\r1,2\r3,4\r5,', { complete: false }).preview).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
  });

  it('shows only whole records of a head cut inside a quoted field that spans lines', () => {
    const head = sniffCsv(new TextEncoder().encode('a,b\n1,"x\ny'), 'f.csv');
    expect([head.delimiter, head.preview]).toEqual([',', [['a', 'b']]]);
  });

  it('says when a head holds no complete line of values, rather than that lines were skipped', () => {
    const long = () => sniff('\n\n' + 'x,'.repeat(50), { complete: false });
    expect(long).toThrow(Error);
    expect(long).toThrow(/^f\.csv: no complete line of values in the first 102 bytes; a first line is read up to 16 MiB to see how the file is written$/);
    expect(() => sniff('a,', { complete: false, delimiter: undefined })).toThrow('f.csv: no complete line of values in the first 2 bytes');
    // Blank up to a character the head cuts: blank.
    expect(() => sniffCsv(Uint8Array.from([0x20, 0x0a, 0x20, 0xc3]), 'f.csv')).toThrow('f.csv: the file is empty (only blank lines)');
  });
});

describe('metadata lines and what sits below them', () => {
  it('skips a title above lines that all end in a delimiter, whatever its width', () => {
    expect(skipped('My data\na,b,c,\n1,2,3,\n4,5,6,\n')).toBe(1);
  });

  it('judges a mostly empty line against the first non-blank line below it', () => {
    expect(skipped('506,13,,,\n\nA,B,C,D,E\n1,2,3,4,5\n6,7,8,9,10\n11,12,13,14,15\n')).toBe(1);
  });

  it('skips nothing with only one line below to compare with', () => {
    expect(skipped('Title\na,b\n')).toBe(0);
  });

  it('leaves out a line of spaces from the preview', () => {
    expect(sniff('a,b\n   \n1,2\n').preview).toEqual([['a', 'b'], ['1', '2']]);
  });
});
