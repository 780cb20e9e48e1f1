import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { EpochEvent } from '../shared/schema/progress';

// metrics.jsonl: one JSON object per epoch, written as the epoch ends so an interrupted run keeps
// its history. Per-layer diagnostics stay out; this is the small file people plot from. Times are
// `epochSeconds` (that epoch alone: its steps and evaluation) and `totalSeconds` (since the run
// started, across resumes); `trainMetrics` says how its loss and accuracy were measured.
// A run resumed from a checkpoint at epoch N continues the file: its lines up to epoch N stay, the
// later ones (written after that checkpoint by the interrupted run, which resumes them anew) and
// a last line cut off by the interruption are dropped. Lines written before the two times had
// their names (one cumulative `seconds`) are kept in today's form, so a file reads one way.

export interface MetricsLog {
  write(event: EpochEvent): void;
  close(): void;
}

type Line = Record<string, unknown> & { epoch: number };

/**
 * A line as written before `epochSeconds`/`totalSeconds`: its cumulative `seconds` renamed, its
 * epoch's seconds the difference from the line before (`previousTotal`, 0 for a run's first line),
 * and its training metrics a full evaluation, the only kind there was.
 */
function upgradeLine(line: Line, previousTotal: number): Line {
  const { seconds, ...rest } = line;
  if (typeof seconds !== 'number' || 'totalSeconds' in line) return line;
  return { ...rest, trainMetrics: 'full', epochSeconds: seconds - previousTotal, totalSeconds: seconds };
}

/** The lines of an existing metrics file that a run resumed at `epoch` keeps. */
function linesUpTo(path: string, epoch: number): string[] {
  if (!existsSync(path)) return [];
  const kept: string[] = [];
  let previousTotal = 0;
  for (const text of readFileSync(path, 'utf8').split('\n')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      continue;
    }
    const line = parsed as Line | null;
    if (typeof line?.epoch !== 'number' || line.epoch > epoch) continue;
    const upgraded = upgradeLine(line, previousTotal);
    kept.push(upgraded === line ? text : JSON.stringify(upgraded));
    if (typeof upgraded.totalSeconds === 'number') previousTotal = upgraded.totalSeconds;
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
      const line = {
        epoch: event.epoch,
        ...event.train,
        trainMetrics: event.trainMetrics,
        validation: event.validation,
        learningRate: event.learningRate,
        epochSeconds: event.epochSeconds,
        totalSeconds: event.seconds,
      };
      writeSync(fd, `${JSON.stringify(line)}\n`);
    },
    close: () => closeSync(fd),
  };
}
