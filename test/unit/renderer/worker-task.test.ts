import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../src/shared/data/import-error';
import { createReplies, datasetBuffers, failureOf } from '../../../src/renderer/src/features/datasets/worker-replies';
import { runWorkerTask, type ImportProgress, type WorkerPort } from '../../../src/renderer/src/features/datasets/worker-task';

class FakeWorker implements WorkerPort {
  posted: unknown[] = [];
  transferred: Transferable[][] = [];
  terminated = 0;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: unknown, transfer: Transferable[]) {
    this.posted.push(message);
    this.transferred.push(transfer);
  }
  terminate() {
    this.terminated++;
  }
  reply(data: unknown) {
    this.onmessage?.({ data } as MessageEvent);
  }
}

describe('runWorkerTask', () => {
  it('posts the request (transferring what it is told to), reports progress, resolves with the result and terminates the worker', async () => {
    const worker = new FakeWorker();
    const seen: ImportProgress[] = [];
    const buffer = new ArrayBuffer(8);
    const task = runWorkerTask<number>(worker, { type: 'go', buffer }, (p) => seen.push(p), [buffer]);
    expect(worker.posted).toEqual([{ type: 'go', buffer }]);
    expect(worker.transferred).toEqual([[buffer]]);
    worker.reply({ type: 'progress', progress: { phase: 'Reading', done: 5, total: 10 } });
    worker.reply({ type: 'done', result: 42 });
    await expect(task.result).resolves.toBe(42);
    expect(seen).toEqual([{ phase: 'Reading', done: 5, total: 10 }]);
    expect(worker.terminated).toBe(1);
  });

  it('rejects with the place of an import error, and marks a cancel as such', async () => {
    const worker = new FakeWorker();
    const failed = runWorkerTask(worker, {}, () => {});
    worker.reply({ type: 'error', error: { message: "a.csv row 3, column 'x': expected a number, found 'q'", file: 'a.csv', row: 3, column: 'x' } });
    await expect(failed.result).rejects.toMatchObject({ message: "a.csv row 3, column 'x': expected a number, found 'q'", row: 3, column: 'x', cancelled: false });

    const other = new FakeWorker();
    const cancelled = runWorkerTask(other, {}, () => {});
    cancelled.cancel();
    await expect(cancelled.result).rejects.toMatchObject({ message: 'Import cancelled.', cancelled: true });
    expect(other.terminated).toBe(1);
    other.reply({ type: 'done', result: 1 });
    expect(other.terminated).toBe(1);
  });

  it('turns a worker crash into a message', async () => {
    const worker = new FakeWorker();
    const task = runWorkerTask(worker, {}, () => {});
    worker.onerror?.({ message: 'SyntaxError: unexpected token', preventDefault() {} } as ErrorEvent);
    await expect(task.result).rejects.toThrow('The import worker stopped: SyntaxError: unexpected token');
  });
});

describe('worker replies', () => {
  it('sends progress at most every 50 ms, but always the last step', () => {
    const sent: unknown[] = [];
    let now = 0;
    const replies = createReplies((message) => sent.push(message), () => now);
    replies.progress({ phase: 'Reading', done: 1, total: 10 });
    now = 20;
    replies.progress({ phase: 'Reading', done: 2, total: 10 });
    now = 60;
    replies.progress({ phase: 'Reading', done: 3, total: 10 });
    now = 61;
    replies.progress({ phase: 'Reading', done: 10, total: 10 });
    expect(sent.map((m) => (m as { progress: ImportProgress }).progress.done)).toEqual([1, 3, 10]);
  });

  it('keeps an import error’s file, row and column across the boundary', () => {
    expect(failureOf(new ImportError({ file: 'a.csv', row: 4, column: 'age' }, 'expected a number, found abc'))).toEqual({
      message: "a.csv row 4, column 'age': expected a number, found abc",
      file: 'a.csv',
      row: 4,
      column: 'age',
    });
    expect(failureOf('plain')).toEqual({ message: 'plain' });
  });

  it('lists each buffer of a dataset once for transfer', () => {
    const shared = new Int32Array(6);
    const buffers = datasetBuffers({
      x: new Float32Array(4),
      target: { kind: 'classes', labels: new Int32Array(2) },
      split: { train: shared.subarray(0, 3), validation: shared.subarray(3) },
    });
    expect(buffers).toHaveLength(3);
  });
});
