import { describe, expect, it } from 'vitest';
import { formatSetting } from '../../../../src/shared/engine/format-setting';

// A setting's value as run names, tables and axes show it.

describe('formatSetting', () => {
  it('rounds numbers to four significant digits and writes everything else as it is', () => {
    expect(formatSetting(0.0448140474656)).toBe('0.04481');
    expect(formatSetting(123456)).toBe('123500');
    expect(formatSetting(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(formatSetting(Number.NaN)).toBe('NaN');
    expect(formatSetting({ name: 'leakyRelu', slope: 0.1 })).toBe('{"name":"leakyRelu","slope":0.1}');
    expect(formatSetting([4, 8])).toBe('[4,8]');
    expect(formatSetting(null)).toBe('null');
    expect(formatSetting('relu')).toBe('relu');
    expect(formatSetting(true)).toBe('true');
  });
});
