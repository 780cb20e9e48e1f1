import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { EpochEvent } from '../shared/schema/progress';

// metrics.jsonl: one JSON object per epoch, written as the epoch ends so an interrupted run keeps
// its history. Per-layer diagnostics stay out; this is the small file people plot from.
// A run resumed from a checkpoint at epoch N continues the file: its lines up to epoch N stay, the
// later ones (written after that checkpoint by the interrupted run, which resumes them anew) and
// a last line cut off by the interruption are dropped.

export interface MetricsLog {
  write(event: EpochEvent): void;
  close(): void;
}

/** The lines of an existing metrics file that a run resumed at `epoch` keeps. */
function linesUpTo(path: string, epoch: number): string[] {
  if (!existsSync(path)) return [];
  const kept: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const at = (parsed as { epoch?: unknown } | null)?.epoch;
    if (typeof at === 'number' && at <= epoch) kept.push(line);
  }
  return kept;
}

/** `resumedAt`: the checkpoint's epoch when the run continues one (the file is continued, not replaced). */
export function openMetricsLog(path: string, resumedAt?: number): MetricsLog {
  let fd: number;
  try {
    const kept = resumedAt === undefined ? [] : linesUpTo(path, resumedAt);
    fd = openSync(path, 'w');
    if (kept.length > 0) writeSync(fd, `${kept.join('\n')}\n`);
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
