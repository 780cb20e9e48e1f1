import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSweepPool } from '../../../src/cli/sweep-pool';
import type { Experiment } from '../../../src/shared/schema/experiment';

// The sweep's worker processes, with a stand-in worker that crashes or talks nonsense on request:
// each fault fails only the run it hit, with the reason, and the next run gets a fresh process.

const FAKE_WORKER = join(__dirname, 'fake-sweep-worker.mjs');
const named = (name: string) => ({ name }) as Experiment;

describe('sweep pool', () => {
  it('fails only the run whose worker sent garbage, crashed or answered for another job, and goes on with a fresh process', async () => {
    const pool = createSweepPool(1, 'unused.sweep.json', FAKE_WORKER);
    try {
      const names = ['ok-1', 'garbage', 'ok-2', 'crash', 'ok-3', 'wrong-id', 'ok-4'];
      const outcomes = await Promise.all(names.map((name) => pool.run(named(name), {})));
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['done', 'failed', 'done', 'failed', 'done', 'failed', 'done']);
      expect(outcomes[1].message).toBe('The sweep worker process sent an invalid message — outcome.status: Invalid option: expected one of "done"|"stopped-early"|"cancelled"|"failed".');
      expect(outcomes[3].message).toBe('The sweep worker process ended (exit code 7) during this run.');
      expect(outcomes[5].message).toBe('The sweep worker process answered for job 105 instead of 5.');
      const pids = [0, 2, 4, 6].map((i) => outcomes[i].final!.pid);
      // One process per stretch between faults: the faulty one is never handed another run.
      expect(new Set(pids).size).toBe(4);
    } finally {
      await pool.close();
    }
  }, 30_000);
});
