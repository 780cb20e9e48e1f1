import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useServices } from '../../app/services';
import type { SweepRecord, SweepRunRecord } from '../../db/database';
import { activeSeconds, formatEta, sweepProgress } from './sweep-progress';

// A sweep's progress bar and counts, apart from its results so that the clock that refreshes the
// time left every second redraws only this line, never the charts.

function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [running]);
  return running ? now : Date.now();
}

export function SweepProgressPanel({ sweep, runs }: { sweep: SweepRecord; runs: SweepRunRecord[] }) {
  const { runs: repository } = useServices();
  const running = sweep.status === 'running';
  const now = useNow(running);
  const training = runs.filter((run) => run.status === 'running' && run.runId);
  const key = training.map((run) => run.runId).join(',');
  // The epochs the runs in training have done so far count as work done.
  const inFlight = useLiveQuery(
    async () => {
      const records = await repository.getMany(training.map((run) => run.runId!));
      return new Map(training.map((run, i) => [run.index, records[i]?.epochsDone ?? 0]));
    },
    [key],
    new Map<number, number>(),
  );
  const progress = sweepProgress(runs, sweep.definition, { elapsedSeconds: activeSeconds(sweep, now), inFlight });
  const percent = progress.work.total ? Math.min(100, (100 * progress.work.done) / progress.work.total) : 0;
  const state = sweep.status === 'running' ? formatEta(progress.eta) : sweep.status;
  return (
    <div
      className="sweep-progress"
      data-testid="sweep-progress"
      data-done={progress.finished}
      data-total={progress.total}
      data-cancelled={progress.cancelled}
      data-percent={percent.toFixed(1)}
    >
      <div className="sweep-progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)}>
        <div style={{ width: `${percent}%` }} />
      </div>
      <p>
        <strong data-testid="sweep-finished">
          {progress.finished}/{progress.total}
        </strong>{' '}
        runs finished · {Math.floor(percent)}% of the work
        {progress.rung && ` · rung ${progress.rung.current} of ${progress.rung.count}`}
        {progress.running > 0 && ` · ${progress.running} training`}
        {progress.failed > 0 && ` · ${progress.failed} failed`}
        {progress.cancelled > 0 && (
          <span data-testid="sweep-cancelled-count">
            {' · '}
            {progress.cancelled} cancelled
          </span>
        )}
        {' · '}
        <span data-testid="sweep-status">{state}</span>
      </p>
    </div>
  );
}
