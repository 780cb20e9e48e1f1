import { describe, expect, it } from 'vitest';

// test/setup/thrown-value-guard.ts: toThrow with a message or pattern fails when undefined or null
// is thrown, which vitest alone lets pass (vitest-dev/vitest#7260).
const throwing = (value: unknown) => () => {
  throw value;
};

describe('toThrow with a message', () => {
  it('fails when undefined or null is thrown', () => {
    for (const value of [undefined, null]) {
      expect(() => expect(throwing(value)).toThrow('bad row')).toThrow(`expected a thrown error matching bad row, but ${value} was thrown`);
      expect(() => expect(throwing(value)).toThrow(/bad row/)).toThrow(`but ${value} was thrown`);
      expect(() => expect(throwing(value)).toThrowError('bad row')).toThrow(`but ${value} was thrown`);
    }
  });

  it('fails when a rejected promise carries undefined', async () => {
    await expect(expect(Promise.reject(undefined)).rejects.toThrow('bad row')).rejects.toThrow('but undefined was thrown');
  });

  it('still passes for an Error whose message matches, and runs the function once', async () => {
    let calls = 0;
    expect(() => {
      calls++;
      throw new Error('a bad row 3');
    }).toThrow('bad row');
    expect(calls).toBe(1);
    await expect(Promise.reject(new Error('a bad row 3'))).rejects.toThrow(/bad row \d/);
  });

  it('still fails on a wrong message or no throw, and .not still works', () => {
    expect(() => expect(throwing(new Error('other'))).toThrow('bad row')).toThrow("to throw error including 'bad row' but got 'other'");
    expect(() => expect(() => 1).toThrow('bad row')).toThrow('to throw an error');
    expect(() => 1).not.toThrow('bad row');
  });
});
