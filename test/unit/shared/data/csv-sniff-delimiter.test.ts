import { describe, expect, it } from 'vitest';
import { sniffCsv } from '../../../../src/shared/data/csv-sniff';

// The delimiter sniff's rules, each with an input that only that rule decides: a delimiter scores
// width × share² (the most common field count, times the squared share of lines that have it),
// a single column scores nothing, equal scores go to the delimiter whose fields read as numbers more
// often, and then to the earlier delimiter (, ; tab | whitespace).

const delimiterOf = (text: string) => sniffCsv(new TextEncoder().encode(text), 'f.csv', { complete: true }).delimiter;

describe('delimiter sniffing', () => {
  it('counts every line, not the widest split: one header line with a comma does not make the file comma-separated', () => {
    // ',' splits the first line in two and the others not at all; ';' splits all three in two.
    expect(delimiterOf('a,b;c\n1;2\n3;4\n')).toBe(';');
  });

  it('weighs the share of lines squared: 4 fields on 3 of 5 lines lose to 2 fields on all 5', () => {
    // ',': width 4 on 60% of lines → 4 × 0.36 = 1.44 (width × share alone would give 2.4);
    // ';': width 2 on every line → 2.
    expect(delimiterOf('a,b,c,d;e\n1,2,3,4;5\n6,7,8,9;0\n1;2\n3;4\n')).toBe(';');
  });

  it('still takes the wider split when it holds on (nearly) every line', () => {
    // ',': width 3 on all lines → 3; ';': width 2 on all lines → 2.
    expect(delimiterOf('a,b,c;d\n1,2,3;4\n5,6,7;8\n')).toBe(',');
  });

  it('breaks a tie in favour of the delimiter whose fields are numbers', () => {
    // Tab-separated with decimal commas: ',' also splits every line in three, into '5\t2' and '5\tyes'.
    expect(delimiterOf('1,5\t2,5\tyes\n0,5\t1,5\tno\n2,25\t0,75\tyes\n')).toBe('\t');
    // ';' reads 1,5 and 3 as numbers; ',' reads 1 and '5;3', which is none.
    expect(delimiterOf('a,b;c\n1,5;3\n4,5;6\n')).toBe(';');
    // ',' reads '1;2' (no number) and 3; ';' reads 1 and 2,3 (a decimal comma): a semicolon file.
    expect(delimiterOf('a;b,c\n1;2,3\n4;5,6\n')).toBe(';');
  });

  it('counts plain numbers and spaced decimal commas as numbers when breaking a tie', () => {
    // Both split every line in two; ';' reads 1 and 2 as numbers, ',' reads '1;x' and 'y'.
    expect(delimiterOf('a;b,c\n1;x,y\n2;x,y\n')).toBe(';');
    // Tab-separated with a space before decimal commas: ',' reads 1, 0 and 2; tab reads six numbers.
    expect(delimiterOf('1,5\t 2,5\tyes\n0,5\t 1,5\tno\n2,25\t 0,75\tyes\n')).toBe('\t');
  });

  it('never lets numbers outweigh a higher score', () => {
    // ',' splits every line in three (3); ';' splits two lines of three in two (2 × (2/3)² ≈ 0.89)
    // and reads 1 and 3 as numbers where ',' reads none.
    expect(delimiterOf('a,b,c\n1;2,x,y\n3;4,x,y\n')).toBe(',');
  });

  it('breaks a tie of scores and numbers in favour of the earlier delimiter', () => {
    // Both split every line in two: ',' comes before ';', tab before whitespace, ';' before '|'.
    expect(delimiterOf('a,b;c\nx,y;z\nu,v;w\n')).toBe(',');
    expect(delimiterOf('a;b|c\n1;2|3\n4;5|6\n')).toBe(';');
    expect(delimiterOf('a\tb\n1\t2\n3\t4\n')).toBe('\t');
    expect(delimiterOf('a b\n1 2\n3 4\n')).toBe('whitespace');
  });

  it('scores a delimiter that splits no line at 0, below one that splits some lines', () => {
    // ';' splits half the lines in two (2 × ¼ = 0.5); the others leave every line whole.
    expect(delimiterOf('a;b\n1;2\n3\n4\n')).toBe(';');
    // Nothing splits: a single column, read with the comma.
    expect(delimiterOf('value\n1\n2\n3\n')).toBe(',');
  });

  it('takes the wider of two equally common field counts as a delimiter\'s width, whichever comes first', () => {
    // ',' splits 4 lines in 2 and 4 in 4: its width is 4, scoring 4 × ½² = 1 (with 2 it would score
    // 0.5); ';' splits 4 lines in 3, two in 2 and two not at all: 3 × ½² = 0.75, between the two.
    const narrow = ['a;b;c,d', 'a;b;c,d', 'a,b', 'a;b,c'];
    const wide = ['a;b;c,d,e,f', 'a;b;c,d,e,f', 'a,b,c,d', 'a;b,c,d,e'];
    expect(delimiterOf([...narrow, ...wide].join('\n') + '\n')).toBe(',');
    expect(delimiterOf([...wide, ...narrow].join('\n') + '\n')).toBe(',');
  });

  it('detects a pipe-separated file', () => {
    expect(delimiterOf('a|b|c\n1|2|3\n4|5|6\n')).toBe('|');
  });

  it('refuses broken quotes that rule out every delimiter splitting lines, naming the row, rather than read one column', () => {
    // Row 2's quote closes after 'b"': every quoting delimiter stops there, and read as one column
    // (whitespace) '1,5' would become the number 1.5 under a guessed decimal comma.
    const broken = () => delimiterOf('x,y\n"a"b",1\n1,5\n2,5\n');
    expect(broken).toThrow(Error);
    expect(broken).toThrow('f.csv row 2: column 1 ("a"b",1) has text after its closing quote; expected the delimiter or the line\'s end right after a closing "');
    // A quote problem in the last line (held back until the file ends) is found by the reading that follows.
    expect(() => delimiterOf('x,y\n1,5\n"a"b,1\n')).toThrow('f.csv row 3: column 1 ("a"b,1) has text after its closing quote');
    // Where another delimiter splits the lines, that one is taken: a quote means nothing there.
    expect(delimiterOf('"a"b",1 2\nc 2\nd 3\n')).toBe('whitespace');
  });
});
