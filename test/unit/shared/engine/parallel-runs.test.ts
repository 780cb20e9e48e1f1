import { describe, expect, it } from 'vitest';
import { parallelRuns } from '../../../../src/shared/engine/parallel-runs';

// The Electron pool and the browser's workers size themselves with this: one core stays with the UI.

describe('parallel runs', () => {
  it('are all cores but one, and at least one on a machine with one core (or a host that reports none)', () => {
    expect([8, 3, 2, 1, 0].map(parallelRuns)).toEqual([7, 2, 1, 1, 1]);
  });
});
