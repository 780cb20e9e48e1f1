import { describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../src/cli/args';

// README: `sweep` trains in `--parallel N` worker processes, "default: every core". The machine is
// faked: 6 cores.

vi.mock('node:os', async (original) => ({ ...(await original<typeof import('node:os')>()), availableParallelism: () => 6 }));

describe('sweep --parallel', () => {
  it('takes every core by default, and the number given otherwise', async () => {
    const { parseParallel } = await import('../../../src/cli/parallel-option');
    expect(parseParallel(undefined)).toBe(6);
    expect(parseParallel('1')).toBe(1);
    expect(parseParallel(' 12 ')).toBe(12);
  });

  it('refuses anything but a whole number from 1, quoting it', async () => {
    const { parseParallel } = await import('../../../src/cli/parallel-option');
    for (const text of ['0', '-1', '1.5', 'two', '', '07']) {
      expect(() => parseParallel(text)).toThrow(new UsageError(`--parallel: expected a whole number ≥ 1, got '${text}'.`));
    }
  });
});
