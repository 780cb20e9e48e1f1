import { describe, expect, it, vi } from 'vitest';

// The CLI's `train` takes helper threads as a run the app starts alone does: the other cores, at
// most 3 (README), even on a machine with many more. The machine and the threads are faked here:
// 16 cores, and Workers that only count themselves.

const spawned: string[] = [];
vi.mock('node:os', async (original) => ({ ...(await original<typeof import('node:os')>()), availableParallelism: () => 16 }));
vi.mock('node:worker_threads', async (original) => ({
  ...(await original<typeof import('node:worker_threads')>()),
  Worker: class {
    constructor(source: string) {
      spawned.push(source);
    }
    unref() {}
    postMessage() {}
  },
}));

describe('CLI kernel helper threads', () => {
  it('starts at most 3 helpers on a 16-core machine', async () => {
    const { useKernelThreads } = await import('../../../src/cli/kernel-threads');
    useKernelThreads();
    expect(spawned).toHaveLength(3);
  });
});
