import { describe, expect, it, vi } from 'vitest';
import { createProgressReporter, describeEpoch } from '../../../src/cli/progress';
import type { EpochEvent } from '../../../src/shared/schema/progress';

const event = (epoch: number, epochs = 4): EpochEvent => ({
  epoch,
  epochs,
  train: { loss: 0.123456, accuracy: 0.9 },
  validation: { loss: 0.5, accuracy: 0.875 },
  learningRate: 0.1,
  seconds: 1.25,
  epochSeconds: 0.3125,
  trainMetrics: 'full',
  layers: [],
});

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream };
}

describe('training progress', () => {
  it("describes an epoch with train and validation metrics, the epoch's seconds and the run's", () => {
    expect(describeEpoch(event(1))).toBe('loss 0.12346  acc 90.00%  val_loss 0.50000  val_acc 87.50%  0.31s, 1.3s total');
    expect(describeEpoch({ ...event(1), train: { loss: 2, mae: 0.5, rmse: 0.625, r2: 0.75 }, validation: undefined })).toBe(
      'loss 2.0000  r2 0.7500  rmse 0.6250  mae 0.5000  0.31s, 1.3s total',
    );
  });

  it('marks training metrics that are the running mean over the epoch\'s steps', () => {
    expect(describeEpoch({ ...event(1), trainMetrics: 'running' })).toBe('loss 0.12346  acc 90.00% (running)  val_loss 0.50000  val_acc 87.50%  0.31s, 1.3s total');
  });

  it('writes one line per epoch when not on a terminal', () => {
    const { chunks, stream } = fakeStream(false);
    const progress = createProgressReporter(stream);
    [1, 2, 3, 4].forEach((e) => progress.epoch(event(e)));
    progress.finish();
    expect(chunks).toHaveLength(4);
    expect(chunks[3]).toBe('epoch 4/4  loss 0.12346  acc 90.00%  val_loss 0.50000  val_acc 87.50%  0.31s, 1.3s total\n');
  });

  it('redraws one bar in place on a terminal, throttled, always drawing the last epoch', () => {
    vi.useFakeTimers();
    const { chunks, stream } = fakeStream(true);
    const progress = createProgressReporter(stream);
    progress.epoch(event(1));
    progress.epoch(event(2)); // within 100 ms of the first draw: skipped
    vi.advanceTimersByTime(150);
    progress.epoch(event(3));
    progress.epoch(event(4)); // last epoch: drawn even though it is soon after
    progress.finish();
    vi.useRealTimers();
    expect(chunks).toHaveLength(4);
    expect(chunks.slice(0, 3).every((c) => c.startsWith('\r\x1b[K') && !c.includes('\n'))).toBe(true);
    expect(chunks[2]).toContain(`${'█'.repeat(24)} 4/4`);
    expect(chunks[0]).toContain(`${'█'.repeat(6)}${'░'.repeat(18)} 1/4`);
    expect(chunks[3]).toBe('\n');
  });
});
