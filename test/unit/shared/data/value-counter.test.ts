import { describe, expect, it } from 'vitest';
import { ValueCounter } from '../../../../src/shared/data/value-counter';

// The distinct values of a column, as the profiler counts them: numbers by value (small integers in
// a typed array, the rest in a map — both must give the same counts), texts as written, up to a cap.

describe('ValueCounter', () => {
  it('counts numbers by value in ascending order, then texts in the order first seen', () => {
    const counter = new ValueCounter(100);
    for (const v of [5, -2, 1024, 0.5, 1023, 0, 5, 1024, -2, 1e20]) counter.addNumber(v);
    for (const t of ['red', 'blue', 'red']) counter.addText(t);
    expect([...counter.counts()]).toEqual([
      ['-2', 2],
      ['0', 1],
      ['0.5', 1],
      ['5', 2],
      ['1023', 1],
      ['1024', 2],
      ['100000000000000000000', 1],
      ['red', 2],
      ['blue', 1],
    ]);
    expect(counter.distinct).toBe(9);
    expect(counter.overflow).toBe(false);
  });

  it('stops admitting new values at the cap and says so, while values already seen keep counting', () => {
    const counter = new ValueCounter(3);
    counter.addNumber(1);
    counter.addNumber(2000);
    counter.addText('a');
    expect(counter.overflow).toBe(false);
    counter.addNumber(7);
    expect(counter.overflow).toBe(true);
    counter.addNumber(3000);
    counter.addText('b');
    counter.addNumber(1);
    counter.addNumber(2000);
    counter.addText('a');
    expect(counter.distinct).toBe(3);
    expect([...counter.counts()]).toEqual([
      ['1', 2],
      ['2000', 2],
      ['a', 2],
    ]);
  });

  it('counts nothing when nothing was added', () => {
    expect([...new ValueCounter(5).counts()]).toEqual([]);
  });
});
