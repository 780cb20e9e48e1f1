import type { SweepRunRecord } from '../../db/database';

// Where a sweep stands, from its run records: how many runs have ended, how many are training,
// and the time left — the mean duration of the ended runs times the runs left, spread over the
// slots that train at once.

export interface SweepProgressSummary {
  done: number;
  total: number;
  running: number;
  failed: number;
  /** Seconds, or undefined until a run has ended. */
  eta?: number;
}

const ENDED = new Set<SweepRunRecord['status']>(['done', 'stopped-early', 'failed', 'cancelled', 'interrupted']);

export function sweepProgress(runs: SweepRunRecord[], slots: number): SweepProgressSummary {
  const ended = runs.filter((run) => ENDED.has(run.status));
  const timed = ended.filter((run) => run.seconds !== undefined);
  const left = runs.filter((run) => run.status === 'pending' || run.status === 'running').length;
  const mean = timed.length ? timed.reduce((sum, run) => sum + run.seconds!, 0) / timed.length : undefined;
  return {
    done: ended.length,
    total: runs.length,
    running: runs.filter((run) => run.status === 'running').length,
    failed: runs.filter((run) => run.status === 'failed').length,
    ...(mean !== undefined ? { eta: (mean * left) / Math.max(1, Math.min(slots, left)) } : {}),
  };
}

export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined) return 'estimating…';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s left`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s left`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m left`;
}
