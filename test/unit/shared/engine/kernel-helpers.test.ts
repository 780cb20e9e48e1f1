import { describe, expect, it } from 'vitest';
import { kernelHelpersFor } from '../../../../src/shared/engine/kernel-helpers';

describe('kernelHelpersFor', () => {
  it('gives a run alone on the machine the other cores, up to three', () => {
    expect(kernelHelpersFor({ cores: 2, running: 1, queued: 0 })).toBe(1);
    expect(kernelHelpersFor({ cores: 4, running: 1, queued: 0 })).toBe(3);
    expect(kernelHelpersFor({ cores: 16, running: 1, queued: 0 })).toBe(3);
    expect(kernelHelpersFor({ cores: 1, running: 1, queued: 0 })).toBe(0);
    // A host that reports a fraction of a core (a CPU quota) counts the whole ones.
    expect(kernelHelpersFor({ cores: 2.9, running: 1, queued: 0 })).toBe(1);
    expect(kernelHelpersFor({ cores: 0.5, running: 1, queued: 0 })).toBe(0);
  });

  it('keeps runs that share the machine, or will soon, on one thread each', () => {
    expect(kernelHelpersFor({ cores: 8, running: 2, queued: 0 })).toBe(0);
    expect(kernelHelpersFor({ cores: 8, running: 1, queued: 3 })).toBe(0);
  });
});
