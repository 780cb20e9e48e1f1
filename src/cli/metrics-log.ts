import { closeSync, openSync, writeSync } from 'node:fs';
import type { EpochEvent } from '../shared/schema/progress';

// metrics.jsonl: one JSON object per epoch, written as the epoch ends so an interrupted run keeps
// its history. Per-layer diagnostics stay out; this is the small file people plot from.

export interface MetricsLog {
  write(event: EpochEvent): void;
  close(): void;
}

export function openMetricsLog(path: string): MetricsLog {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new Error(`Cannot write metrics file '${path}': ${(error as Error).message}.`);
  }
  return {
    write(event) {
      const line = { epoch: event.epoch, ...event.train, validation: event.validation, learningRate: event.learningRate, seconds: event.seconds };
      writeSync(fd, `${JSON.stringify(line)}\n`);
    },
    close: () => closeSync(fd),
  };
}
