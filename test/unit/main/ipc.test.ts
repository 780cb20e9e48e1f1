import { beforeEach, describe, expect, it } from 'vitest';
import { registerIpcHandlers, type InvokeEvent } from '../../../src/main/ipc';
import { createTrainerPool } from '../../../src/main/trainer-pool';
import { isFromAppWindow } from '../../../src/main/trusted-sender';
import { rendererLocation } from '../../../src/main/app-url';
import { IPC_CHANNELS, type IpcAnswer } from '../../../src/shared/schema/workbench-api';
import type { TrainerEvent } from '../../../src/shared/schema/protocol';
import { fakeTrainingProcesses } from './fake-training-process';
import { startRequest } from './fixtures';

const app = rendererLocation(undefined);

function fakeContents() {
  const sent: [string, TrainerEvent[]][] = [];
  let destroyed = false;
  return {
    sent,
    destroy: () => void (destroyed = true),
    send: (channel: string, events: TrainerEvent[]) => void sent.push([channel, events]),
    isDestroyed: () => destroyed,
  };
}

function setup() {
  const handlers = new Map<string, (event: InvokeEvent, payload: unknown) => IpcAnswer>();
  const factory = fakeTrainingProcesses();
  const pool = createTrainerPool({ factory, maxParallel: 1 });
  const windowContents = fakeContents();
  registerIpcHandlers({
    handle: (channel, handler) => void handlers.set(channel, handler),
    pool,
    isTrustedSender: (event) => isFromAppWindow(event, windowContents, app.owns),
  });
  const fromWindow: InvokeEvent = { sender: windowContents, senderFrame: { url: app.entryUrl, parent: null } };
  const invoke = (event: InvokeEvent, payload: unknown) => handlers.get(IPC_CHANNELS.trainerRequest)!(event, payload);
  return { handlers, factory, pool, windowContents, fromWindow, invoke };
}

describe('IPC handlers', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => void (s = setup()));

  it('registers exactly the trainer-request channel', () => {
    expect([...s.handlers.keys()]).toEqual(['workbench:trainer-request']);
  });

  it('starts a valid run and sends its updates to the window that asked, while it exists', () => {
    expect(s.invoke(s.fromWindow, startRequest('run-1'))).toEqual({ ok: true });
    const [process] = s.factory.spawned;
    expect(process.received[0]).toMatchObject({ type: 'start', runId: 'run-1' });

    process.send({ type: 'started', runId: 'run-1' });
    s.windowContents.destroy();
    process.send({ type: 'end', runId: 'run-1', result: { status: 'done' } });

    expect(s.windowContents.sent).toEqual([['workbench:trainer-events', [{ type: 'started', runId: 'run-1' }]]]);
  });

  it('forwards a cancel to the run and accepts a cancel for a run that already ended', () => {
    s.invoke(s.fromWindow, startRequest('run-1'));
    expect(s.invoke(s.fromWindow, { type: 'cancel', runId: 'run-1' })).toEqual({ ok: true });
    expect(s.factory.spawned[0].received[1]).toEqual({ type: 'cancel', runId: 'run-1' });
    expect(s.invoke(s.fromWindow, { type: 'cancel', runId: 'long-gone' })).toEqual({ ok: true });
  });

  it('refuses a second run with the same id', () => {
    s.invoke(s.fromWindow, startRequest('twice'));
    expect(s.invoke(s.fromWindow, startRequest('twice'))).toEqual({
      ok: false,
      error: 'A run with id "twice" is already queued or running.',
    });
    expect(s.factory.spawned).toHaveLength(1);
  });

  it.each([
    ['a string', 'start', /^Invalid training request — \(message\): /],
    ['an unknown request type', { type: 'explode', runId: 'x' }, /^Invalid training request — type: /],
    ['a cancel without a run id', { type: 'cancel' }, /^Invalid training request — runId: /],
    ['a dataset as a JSON array', { ...startRequest('r'), dataset: { ...startRequest('r').dataset, x: [0, 1] } }, /^Invalid training request — dataset\.x: /],
    ['more rows than the data holds', { ...startRequest('r'), dataset: { ...startRequest('r').dataset, rows: 1000 } }, /^Invalid training request — dataset\.x: 8 values for 1000 rows × 2 features, expected 2000/],
    ['a label past the classes', { ...startRequest('r'), dataset: { ...startRequest('r').dataset, target: { kind: 'classes', classes: ['a', 'b'], labels: new Int32Array([0, 1, 7, 0]) } } }, /^Invalid training request — dataset\.target\.labels: a label outside 0…1/],
    ['a split row past the data', { ...startRequest('r'), dataset: { ...startRequest('r').dataset, split: { train: new Int32Array([0, 1, 4]), validation: new Int32Array([2]) } } }, /^Invalid training request — dataset\.split\.train: a row index outside 0…3/],
    [
      'a misspelt hyperparameter',
      (() => {
        const request = startRequest('r');
        return { ...request, experiment: { ...request.experiment, training: { ...request.experiment.training, learningrate: 1 } } };
      })(),
      /^Invalid training request — experiment\.training: Unrecognized key: "learningrate"/,
    ],
  ])('refuses %s with a message naming the field', (_, payload, message) => {
    const answer = s.invoke(s.fromWindow, payload);
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error).toMatch(message);
    expect(s.factory.spawned).toHaveLength(0);
  });

  it.each([
    ['another webContents', (e: InvokeEvent) => ({ ...e, sender: fakeContents() })],
    ['an iframe inside our page', (e: InvokeEvent) => ({ ...e, senderFrame: { url: app.entryUrl, parent: {} } })],
    ['our window showing a foreign page', (e: InvokeEvent) => ({ ...e, senderFrame: { url: 'https://example.com/', parent: null } })],
    ['a frame that is gone', (e: InvokeEvent) => ({ ...e, senderFrame: null })],
  ])('refuses a request from %s before reading it', (_, from) => {
    expect(s.invoke(from(s.fromWindow), startRequest('r'))).toEqual({
      ok: false,
      error: 'Refused: training requests are only accepted from the NN Workbench window.',
    });
    expect(s.factory.spawned).toHaveLength(0);
  });
});

describe('renderer location', () => {
  it('owns only app://workbench pages when built', () => {
    expect(app.entryUrl).toBe('app://workbench/index.html');
    expect([
      app.owns('app://workbench/index.html#/runs'),
      app.owns('app://other/index.html'),
      app.owns('file:///tmp/index.html'),
      app.owns('not a url'),
    ]).toEqual([true, false, false, false]);
  });

  it('owns only the dev server origin under electron-vite dev', () => {
    const dev = rendererLocation('http://localhost:5173/');
    expect(dev.devServerOrigin).toBe('http://localhost:5173');
    expect([dev.owns('http://localhost:5173/src/main.tsx'), dev.owns('http://localhost:5174/'), dev.owns('app://workbench/index.html')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});
