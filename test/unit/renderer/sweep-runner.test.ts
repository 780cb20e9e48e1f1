import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkbenchDatabase } from '../../../src/renderer/src/db/database';
import { RunsRepository } from '../../../src/renderer/src/db/runs-repository';
import { SweepsRepository } from '../../../src/renderer/src/db/sweeps-repository';
import type { RunListener, TrainingHost } from '../../../src/renderer/src/host/training-host';
import { createRunLauncher } from '../../../src/renderer/src/features/runs/run-launcher';
import { createSweepRunner } from '../../../src/renderer/src/features/sweeps/sweep-runner';
import type { StartRunRequest } from '../../../src/shared/schema/protocol';
import { SweepSchema } from '../../../src/shared/schema/sweep';
import { epochEvent, experiment, weights } from './run-fixtures';

let db: WorkbenchDatabase;
let runs: RunsRepository;
let sweeps: SweepsRepository;
let counter = 0;

beforeEach(() => {
  db = new WorkbenchDatabase(`sweeps-${++counter}`, { indexedDB, IDBKeyRange });
  runs = new RunsRepository(db);
  sweeps = new SweepsRepository(db);
});
afterEach(async () => {
  await db.delete();
});

function fakeHost() {
  const started: { request: Omit<StartRunRequest, 'type'>; listener: RunListener }[] = [];
  const cancelled: string[] = [];
  const host: TrainingHost = {
    kind: 'browser',
    start: (request, listener) => void started.push({ request, listener }),
    cancel: (runId) => void cancelled.push(runId),
  };
  return { host, started, cancelled };
}

/** Web Locks for pages sharing one database: a lock is held until its page closes, others queue. */
function fakeLocks() {
  const holders = new Map<string, string>();
  const waiting: { page: string; id: string; onHeld: () => Promise<void> }[] = [];
  return {
    of: (page: string) => (id: string, onHeld: () => Promise<void>) => {
      if (holders.has(id)) waiting.push({ page, id, onHeld });
      else {
        holders.set(id, page);
        void onHeld();
      }
    },
    close(page: string) {
      for (const [id, holder] of holders) {
        if (holder !== page) continue;
        holders.delete(id);
        const next = waiting.findIndex((w) => w.id === id);
        if (next >= 0) {
          const [w] = waiting.splice(next, 1);
          holders.set(id, w.page);
          void w.onHeld();
        }
      }
    },
  };
}

function setup(slots = 2, holdSweep?: (id: string, onHeld: () => Promise<void>) => void) {
  const fake = fakeHost();
  const launcher = createRunLauncher({ host: fake.host, repository: runs, holdLock: () => () => {} });
  let id = 0;
  const runner = createSweepRunner({ sweeps, runs, launcher, slots, newId: () => `sweep-${++id}`, ...(holdSweep ? { holdSweep } : {}) });
  return { ...fake, runner };
}

/** Ends a started run as the host would: one epoch, then done with weights carrying metrics. */
function finish(run: { listener: RunListener }, loss: number) {
  run.listener.onStarted?.();
  run.listener.onEpoch(epochEvent(5));
  run.listener.onEnd({ status: 'done', bestEpoch: 5, weights: { ...weights, metrics: { epoch: 5, trainLoss: loss } }, bestWeights: { ...weights, metrics: { epoch: 5, trainLoss: loss } } });
}

const definition = SweepSchema.parse({ experiment, parameters: { learningRate: [0.1, 0.01], width: [4, 8] } });

describe('sweep runner', () => {
  it('keeps `slots` runs in flight, feeds the next as one ends, stores metrics and ends the sweep as done', async () => {
    const { runner, started } = setup(2);
    const id = await runner.start(definition, 'lr × width');
    expect(started.map((s) => s.request.experiment.training.optimizer.learningRate)).toEqual([0.1, 0.1]);
    expect(started.map((s) => s.request.experiment.model.layers[0].units)).toEqual([4, 8]);
    finish(started[0], 0.5);
    await vi.waitFor(() => expect(started).toHaveLength(3));
    finish(started[1], 0.4);
    finish(started[2], 0.3);
    await vi.waitFor(() => expect(started).toHaveLength(4));
    finish(started[3], 0.2);
    await vi.waitFor(async () => expect((await sweeps.get(id))?.status).toBe('done'));
    const stored = await sweeps.runs(id);
    expect(stored.map((run) => [run.status, run.final?.trainLoss, run.epochs])).toEqual([
      ['done', 0.5, 5],
      ['done', 0.4, 5],
      ['done', 0.3, 5],
      ['done', 0.2, 5],
    ]);
    expect(stored.map((run) => run.runId)).toEqual(started.map((s) => s.request.runId));
    expect((await runs.get(stored[3].runId!))?.experiment.name).toBe('Sweep · learningRate 0.01, width 8, seed 0');
  });

  it('starts nothing new while paused and continues on resume', async () => {
    const { runner, started } = setup(1);
    const id = await runner.start(definition, 'paused');
    await runner.pause(id);
    finish(started[0], 0.5);
    await vi.waitFor(async () => expect((await sweeps.runs(id))[0].status).toBe('done'));
    expect(started).toHaveLength(1);
    expect((await sweeps.get(id))?.status).toBe('paused');
    await runner.resume(id);
    expect(started).toHaveLength(2);
  });

  it('cancels the runs in flight and every pending one', async () => {
    const { runner, started, cancelled } = setup(2);
    const id = await runner.start(definition, 'cancelled');
    await runner.cancel(id);
    expect(cancelled).toEqual(started.map((s) => s.request.runId));
    started.forEach((s) => s.listener.onEnd({ status: 'cancelled' }));
    await vi.waitFor(async () => expect((await sweeps.runs(id)).map((run) => run.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']));
    expect((await sweeps.get(id))?.status).toBe('cancelled');
    expect(started).toHaveLength(2);
  });

  it('resumes a cancelled sweep: its cancelled runs train again, its finished ones stay, even from a page that did not start it', async () => {
    const first = setup(1);
    const id = await first.runner.start(definition, 'resumed');
    finish(first.started[0], 0.5);
    await vi.waitFor(() => expect(first.started).toHaveLength(2));
    await first.runner.cancel(id);
    first.started[1].listener.onEnd({ status: 'cancelled' });
    await vi.waitFor(async () => expect((await sweeps.runs(id)).map((run) => run.status)).toEqual(['done', 'cancelled', 'cancelled', 'cancelled']));

    // Another page (after a reload) resumes it: it takes the sweep's lock, then feeds it.
    const second = setup(1);
    await second.runner.resume(id);
    expect((await sweeps.get(id))?.status).toBe('running');
    expect(second.started).toHaveLength(1);
    expect((await sweeps.runs(id)).map((run) => run.status)).toEqual(['done', 'running', 'pending', 'pending']);
    for (let i = 0; i < 3; i++) {
      await vi.waitFor(() => expect(second.started).toHaveLength(i + 1));
      finish(second.started[i], [0.4, 0.3, 0.2][i]);
    }
    await vi.waitFor(async () => expect((await sweeps.get(id))?.status).toBe('done'));
    expect((await sweeps.runs(id)).map((run) => [run.status, run.final?.trainLoss])).toEqual([
      ['done', 0.5],
      ['done', 0.4],
      ['done', 0.3],
      ['done', 0.2],
    ]);
  });

  it('keeps the time spent running, pauses left out, for the time left', async () => {
    let clock = 1_000;
    const fake = fakeHost();
    const launcher = createRunLauncher({ host: fake.host, repository: runs, holdLock: () => () => {} });
    const runner = createSweepRunner({ sweeps, runs, launcher, slots: 1, now: () => clock, newId: () => 'timed' });
    await runner.start(definition, 'timed');
    clock = 11_000;
    await runner.pause('timed');
    clock = 500_000;
    await runner.resume('timed');
    clock = 505_000;
    await runner.cancel('timed');
    expect(await sweeps.get('timed')).toMatchObject({ status: 'cancelled', activeMs: 15_000, activeSince: 500_000, endedAt: 505_000 });
  });

  it('halves: every combination trains to the first rung, the better half trains again to the full epochs', async () => {
    const { runner, started } = setup(4);
    const id = await runner.start(SweepSchema.parse({ ...definition, halving: { at: [2] } }), 'halving');
    expect(started.map((s) => s.request.experiment.training.epochs)).toEqual([2, 2, 2, 2]);
    [0.4, 0.3, 0.2, 0.1].forEach((loss, i) => finish(started[i], loss));
    await vi.waitFor(() => expect(started).toHaveLength(6));
    expect(started.slice(4).map((s) => [s.request.experiment.training.epochs, s.request.experiment.training.optimizer.learningRate, s.request.experiment.model.layers[0].units])).toEqual([
      [5, 0.01, 4],
      [5, 0.01, 8],
    ]);
    finish(started[4], 0.05);
    finish(started[5], 0.04);
    await vi.waitFor(async () => expect((await sweeps.get(id))?.status).toBe('done'));
    const stored = await sweeps.runs(id);
    expect(stored.map((run) => [run.status, run.prunedAt, run.rung ?? 0, run.final?.trainLoss])).toEqual([
      ['done', 2, 0, 0.4],
      ['done', 2, 0, 0.3],
      ['done', undefined, 1, 0.05],
      ['done', undefined, 1, 0.04],
    ]);
    expect(stored[0].message).toBe('Stopped by successive halving after 2 epochs.');
  });

  it('after a restart, launches again the runs whose training was lost and the pending ones', async () => {
    const before = setup(2);
    const id = await before.runner.start(definition, 'restart');
    finish(before.started[0], 0.5);
    await vi.waitFor(() => expect(before.started).toHaveLength(3));
    // The app closes: the runs in flight are marked interrupted by recovery on the next start.
    for (const s of before.started.slice(1)) await runs.markInterrupted(s.request.runId, 1);
    const after = setup(2);
    await after.runner.restore();
    await vi.waitFor(() => expect(after.started).toHaveLength(2));
    expect(after.started.map((s) => [s.request.experiment.training.optimizer.learningRate, s.request.experiment.model.layers[0].units])).toEqual([
      [0.1, 8],
      [0.01, 4],
    ]);
    expect((await sweeps.runs(id)).map((run) => run.status)).toEqual(['done', 'running', 'running', 'pending']);
  });

  it('leaves a sweep another page feeds alone until that page closes, then takes it over', async () => {
    const locks = fakeLocks();
    const first = setup(2, locks.of('first'));
    const id = await first.runner.start(definition, 'two tabs');
    expect(first.started).toHaveLength(2);
    const second = setup(2, locks.of('second'));
    await second.runner.restore();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(second.started).toHaveLength(0);
    // The first page closes: its runs are interrupted, and the second page trains them again.
    for (const s of first.started) await runs.markInterrupted(s.request.runId, 1);
    locks.close('first');
    await vi.waitFor(() => expect(second.started).toHaveLength(2));
    expect(second.started.map((s) => s.request.experiment.model.layers[0].units)).toEqual([4, 8]);
    expect((await sweeps.runs(id)).map((run) => run.runId)).toEqual([...second.started.map((s) => s.request.runId), undefined, undefined]);
  });
});
