import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkbenchDatabase } from '../../../src/renderer/src/db/database';
import { RunsRepository } from '../../../src/renderer/src/db/runs-repository';
import type { RunListener, TrainingHost } from '../../../src/renderer/src/host/training-host';
import { recoverInterruptedRuns } from '../../../src/renderer/src/features/runs/recover-interrupted-runs';
import { createRunLauncher } from '../../../src/renderer/src/features/runs/run-launcher';
import type { StartRunRequest } from '../../../src/shared/schema/protocol';
import { epochEvent, experiment, weights } from './run-fixtures';

let db: WorkbenchDatabase;
let repository: RunsRepository;
let counter = 0;

beforeEach(() => {
  db = new WorkbenchDatabase(`launcher-${++counter}`, { indexedDB, IDBKeyRange });
  repository = new RunsRepository(db);
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

describe('run launcher', () => {
  it('stores the run, sends the resolved dataset to the host, records its events and releases the lock at the end', async () => {
    const { host, started } = fakeHost();
    const locks: string[] = [];
    const launcher = createRunLauncher({
      host,
      repository,
      newId: () => 'run-1',
      now: () => 1234,
      holdLock: (id) => {
        locks.push(`hold ${id}`);
        return () => locks.push(`release ${id}`);
      },
    });

    const id = await launcher.launch(experiment);

    expect(id).toBe('run-1');
    expect(await repository.get(id)).toMatchObject({
      name: 'spirals · 8 tanh · adam 0.01',
      status: 'queued',
      datasetName: 'spirals',
      host: 'browser',
      createdAt: 1234,
    });
    const { request, listener } = started[0];
    expect(request.runId).toBe('run-1');
    expect(request.dataset.rows).toBe(200);
    expect(request.dataset.x).toBeInstanceOf(Float64Array);
    expect(request.experiment).toBe(experiment);

    listener.onStarted?.();
    listener.onEpoch(epochEvent(1));
    listener.onEnd({ status: 'done', weights });
    await vi.waitFor(() => expect(locks).toEqual(['hold run-1', 'release run-1']));
    expect(await repository.get(id)).toMatchObject({ status: 'done', epochsDone: 1, startedAt: 1234, endedAt: 1234 });
  });

  it('continues from given weights: the host gets them, the run names its experiment and the run it continues', async () => {
    const { host, started } = fakeHost();
    const ids = ['run-2', 'run-3'];
    const launcher = createRunLauncher({ host, repository, newId: () => ids.shift()!, holdLock: () => () => {} });
    await launcher.launch(experiment, { experimentId: 'exp-1', initialWeights: weights, continuedFrom: 'run-1' });
    expect(started[0].request.initialWeights).toBe(weights);
    expect(await repository.get('run-2')).toMatchObject({ experimentId: 'exp-1', continuedFrom: 'run-1', status: 'queued' });
    await launcher.launch(experiment);
    expect(started[1].request.initialWeights).toBeUndefined();
  });

  it('passes a cancel on to the host', async () => {
    const { host, cancelled } = fakeHost();
    createRunLauncher({ host, repository }).cancel('x');
    expect(cancelled).toEqual(['x']);
  });
});

describe('recoverInterruptedRuns', () => {
  it('marks a queued or running run interrupted only once its page has let go of it', async () => {
    for (const id of ['mine', 'other-tab', 'finished']) {
      await repository.create({ id, name: id, experiment, datasetName: 'spirals', host: 'browser', createdAt: 0 });
      await repository.markStarted(id, 0);
    }
    await repository.finish('finished', { status: 'done' }, 1);
    const waiting = new Map<string, () => Promise<unknown>>();

    await recoverInterruptedRuns(repository, (id, onAbandoned) => void waiting.set(id, onAbandoned), () => 500);

    expect([...waiting.keys()].sort()).toEqual(['mine', 'other-tab']);
    await waiting.get('mine')!();
    expect((await repository.get('mine'))?.status).toBe('interrupted');
    expect((await repository.get('other-tab'))?.status).toBe('running');
    // The other tab finishes its run before releasing the lock: the run stays done.
    await repository.finish('other-tab', { status: 'done' }, 2);
    await waiting.get('other-tab')!();
    expect((await repository.get('other-tab'))?.status).toBe('done');
  });
});
