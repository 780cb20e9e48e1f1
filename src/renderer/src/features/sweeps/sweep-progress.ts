import { rungEpochs } from '../../../../shared/engine/sweep-plan';
import type { Sweep } from '../../../../shared/schema/sweep';
import type { SweepRunRecord } from '../../db/database';

// Where a sweep stands and how long it has left. Work is counted in epochs: a run's training to a
// rung costs that rung's epochs (successive halving retrains survivors from the start to the next
// rung). So progress never goes backwards when halving sends runs back to pending: what they
// trained stays done, and the work still ahead of the survivors was in the total from the start —
// each undecided rung is expected to take ceil(half) of the combinations before it, the most that
// can survive, so when fewer do the total only shrinks. The time left is the work left over the
// sweep's own wall-clock throughput so far, which includes everything a run costs beyond its
// epochs (dataset loading, start-up, evaluation, waiting for a slot).

export interface SweepProgressSummary {
  /** Runs that reached their end (trained to the last rung, stopped by halving, or failed). */
  finished: number;
  /** Runs in the sweep. */
  total: number;
  running: number;
  failed: number;
  /** Cancelled runs: not done, not to be trained unless the sweep is resumed. */
  cancelled: number;
  /** Epochs trained (the running runs' so far included) and expected in all. */
  work: { done: number; total: number };
  /** Successive halving: the rung being trained (1-based) and how many there are. */
  rung?: { current: number; count: number };
  /** Seconds left, or undefined until some work is done. */
  eta?: number;
}

const ENDED = new Set<SweepRunRecord['status']>(['done', 'stopped-early', 'failed']);

export interface ProgressClock {
  /** Seconds the sweep has been running (pauses excluded). */
  elapsedSeconds: number;
  /** Epochs done so far by the runs in training, by run index. */
  inFlight?: ReadonlyMap<number, number>;
}

export function sweepProgress(runs: readonly SweepRunRecord[], definition: Sweep, { elapsedSeconds, inFlight = new Map() }: ProgressClock): SweepProgressSummary {
  const costs = runs.map((run) => rungEpochs(definition, run.experiment));
  const rungCount = costs[0]?.length ?? 1;
  const rungOf = (run: SweepRunRecord) => run.rung ?? 0;
  // A run pending or training at rung r has trained rungs 0…r−1; one that ended at r, rung r too.
  const completedRungs = (run: SweepRunRecord) => rungOf(run) + (ENDED.has(run.status) ? 1 : 0);

  let total = 0;
  let expectedCombinations = 0;
  let lastReached: number[] = [];
  for (let rung = 0; rung < rungCount; rung++) {
    const reached = runs.flatMap((run, i) => (rungOf(run) >= rung ? [i] : []));
    if (rung === 0 || reached.length > 0) {
      total += reached.reduce((sum, i) => sum + costs[i][rung], 0);
      expectedCombinations = new Set(reached.map((i) => runs[i].configKey)).size;
      lastReached = reached;
      continue;
    }
    // Not decided yet: at most ceil(n / 2) combinations go on, each with all its seeds, at the
    // mean cost of this rung over the runs that reached the last decided one.
    const perRun = lastReached.reduce((sum, i) => sum + costs[i][rung], 0) / Math.max(1, lastReached.length);
    expectedCombinations = Math.ceil(expectedCombinations / 2);
    total += expectedCombinations * definition.repeats * perRun;
  }

  let done = 0;
  let abandoned = 0;
  runs.forEach((run, i) => {
    const completed = completedRungs(run);
    for (let rung = 0; rung < completed; rung++) done += costs[i][rung];
    if (run.status === 'running') done += Math.min(inFlight.get(run.index) ?? 0, costs[i][rungOf(run)]);
    // A cancelled run's rung will not be trained unless the sweep is resumed.
    if (run.status === 'cancelled') abandoned += costs[i][rungOf(run)];
  });

  const finished = runs.filter((run) => run.status === 'failed' || run.prunedAt !== undefined || (ENDED.has(run.status) && rungOf(run) === rungCount - 1)).length;
  const left = Math.max(0, total - done - abandoned);
  const current = Math.max(0, ...runs.filter((run) => run.status !== 'cancelled').map(rungOf));
  return {
    finished,
    total: runs.length,
    running: runs.filter((run) => run.status === 'running').length,
    failed: runs.filter((run) => run.status === 'failed').length,
    cancelled: runs.filter((run) => run.status === 'cancelled').length,
    work: { done, total },
    ...(rungCount > 1 ? { rung: { current: current + 1, count: rungCount } } : {}),
    ...(done > 0 && elapsedSeconds > 0 ? { eta: left / (done / elapsedSeconds) } : {}),
  };
}

/** Seconds a sweep has spent running: the time before its last pause plus the time since it last (re)started. */
export function activeSeconds(sweep: { createdAt: number; status: string; activeMs?: number; activeSince?: number }, now: number): number {
  const before = sweep.activeMs ?? 0;
  const since = sweep.status === 'running' ? now - (sweep.activeSince ?? sweep.createdAt) : 0;
  return (before + Math.max(0, since)) / 1000;
}

export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined) return 'estimating…';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s left`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s left`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m left`;
}
