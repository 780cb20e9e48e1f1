import { describe, expect, it } from 'vitest';
import { parseSweepRunFileName, sweepRunFileName } from '../../../../src/shared/engine/sweep-run-files';

// The files `sweep --weights-dir` writes per run, and how the app reads back which run each is.

describe('sweep run file names', () => {
  it('pad the plan index to five digits, so a folder lists in plan order, and read back to the same run', () => {
    expect(sweepRunFileName(12, 'k3y', 'weights')).toBe('00012-k3y.weights.json');
    expect(sweepRunFileName(12, 'k3y', 'history')).toBe('00012-k3y.history.jsonl');
    expect(sweepRunFileName(123456, 'k', 'weights')).toBe('123456-k.weights.json');
    expect(parseSweepRunFileName('00012-k3y.weights.json')).toEqual({ index: 12, key: 'k3y', kind: 'weights' });
    expect(parseSweepRunFileName('00012-k3y.history.jsonl')).toEqual({ index: 12, key: 'k3y', kind: 'history' });
    expect(parseSweepRunFileName('123456-k.weights.json')).toEqual({ index: 123456, key: 'k', kind: 'weights' });
  });

  it('are not recognised in any other shape', () => {
    for (const name of [
      '0012-k.weights.json', // fewer than five digits
      'x00012-k.weights.json',
      '00012-k.weights.json.bak',
      '00012-.weights.json', // no key
      '00012-k.weights.jsonl',
      '00012-k.json',
      '00012-a/b.weights.json', // a path, not a name
      '00012-a\\b.weights.json',
    ]) {
      expect(parseSweepRunFileName(name), name).toBeUndefined();
    }
  });
});
