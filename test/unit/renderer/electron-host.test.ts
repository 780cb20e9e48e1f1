import { describe, expect, it, vi } from 'vitest';
import { createElectronHost } from '../../../src/renderer/src/host/electron-host';
import type { RunListener } from '../../../src/renderer/src/host/training-host';
import type { TrainerEvent } from '../../../src/shared/schema/protocol';
import type { WorkbenchApi } from '../../../src/shared/schema/workbench-api';
import { epochEvent, startRequest } from '../main/fixtures';

function fakeApi(startRun: WorkbenchApi['startRun'] = async () => {}) {
  let emit: (event: TrainerEvent) => void = () => {};
  const api = {
    platform: { os: 'linux', electron: '41.7.1' },
    startRun: vi.fn(startRun),
    cancelRun: vi.fn(async () => {}),
    onTrainerEvent: vi.fn((listener: (event: TrainerEvent) => void) => {
      emit = listener;
      return () => {};
    }),
  } satisfies WorkbenchApi;
  return { api, emit: (event: TrainerEvent) => emit(event) };
}

function listener() {
  const calls: string[] = [];
  const run: RunListener = {
    onStarted: () => calls.push('started'),
    onEpoch: (e) => calls.push(`epoch ${e.epoch}`),
    onEnd: (r) => calls.push(`end ${r.status}${r.message ? `: ${r.message}` : ''}`),
  };
  return { calls, run };
}

const { type: _, ...request } = startRequest('r1');

describe('electron host', () => {
  it('sends the run to window.workbench and routes events to the listener of their run', async () => {
    const { api, emit } = fakeApi();
    const host = createElectronHost(api);
    const first = listener();
    const second = listener();
    host.start(request, first.run);
    host.start({ ...request, runId: 'r2' }, second.run);

    emit({ type: 'started', runId: 'r1' });
    emit({ type: 'epoch', runId: 'r1', event: epochEvent(1, 2) });
    emit({ type: 'epoch', runId: 'r2', event: epochEvent(7, 9) });
    emit({ type: 'end', runId: 'r1', result: { status: 'done' } });
    emit({ type: 'epoch', runId: 'r1', event: epochEvent(2, 2) });

    expect(host.kind).toBe('electron');
    expect(api.startRun).toHaveBeenCalledWith(request);
    expect(first.calls).toEqual(['started', 'epoch 1', 'end done']);
    expect(second.calls).toEqual(['epoch 7']);
  });

  it('ends the run as failed with the main process reason when it refuses the run', async () => {
    const { api } = fakeApi(async () => {
      throw new Error('Invalid training request — dataset.x: Input not instance of Float32Array');
    });
    const host = createElectronHost(api);
    const run = listener();
    host.start(request, run.run);
    await vi.waitFor(() => expect(run.calls).toHaveLength(1));
    expect(run.calls).toEqual(['end failed: Invalid training request — dataset.x: Input not instance of Float32Array']);
    // The id is free again.
    expect(() => host.start(request, listener().run)).not.toThrow();
  });

  it('refuses a duplicate run id and forwards cancels only for its own runs', () => {
    const { api } = fakeApi();
    const host = createElectronHost(api);
    host.start(request, listener().run);
    expect(() => host.start(request, listener().run)).toThrow('Run r1 is already queued or running');

    host.cancel('r1');
    host.cancel('unknown');

    expect(api.cancelRun.mock.calls).toEqual([['r1']]);
  });
});
