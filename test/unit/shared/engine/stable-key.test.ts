import { describe, expect, it } from 'vitest';
import { canonicalJson, stableKey } from '../../../../src/shared/engine/stable-key';

// Run and sweep keys name content the same on every machine and in every version: result files
// written by an older CLI or another shard merge only if the keys agree.

describe('stable keys', () => {
  it('write JSON with object keys sorted at every depth, leaving out undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: null, y: 'x' }], c: undefined }, A: true })).toBe('{"A":true,"a":{"d":[2,{"y":"x","z":null}]},"b":1}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    expect(canonicalJson('text')).toBe('"text"');
    expect(canonicalJson([])).toBe('[]');
  });

  it('order keys by UTF-16 code units, not by locale: capitals before small letters, an astral character by its surrogates (before U+FB00)', () => {
    const keys = ['é', 'b', '😀', 'B', 'a', '_', '10', '9', 'ﬀ'];
    const expected = ['10', '9', 'B', '_', 'a', 'b', 'é', '😀', 'ﬀ'];
    expect(canonicalJson(Object.fromEntries(keys.map((key, i) => [key, i])))).toBe(`{${expected.map((key) => `${JSON.stringify(key)}:${keys.indexOf(key)}`).join(',')}}`);
    // Past 32 keys V8's sort merges runs: the order still holds with the keys given in reverse.
    const many = Array.from({ length: 70 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    expect(canonicalJson(Object.fromEntries([...many].reverse().map((key) => [key, 0])))).toBe(`{${many.map((key) => `"${key}":0`).join(',')}}`);
  });

  it('hash to 14 hex digits, zero-padded, the same as they always were', () => {
    expect(stableKey({ a: 1, b: [1, 'x', null] })).toBe('12b17c3e0ad678');
    expect(stableKey({ b: [1, 'x', null], a: 1 })).toBe('12b17c3e0ad678');
    expect(stableKey('')).toBe('0151798dddd9f7');
    expect(stableKey('a')).toBe('1a0370c02e5f87');
    expect(stableKey([])).toBe('15202279b28c9e');
  });
});
