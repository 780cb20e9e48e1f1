import type { RunStatus } from '../db/database';

// How numbers and states read in the UI: few digits, units spelled out. A setting's value reads
// as the engine writes it into sweep run names, so names and tables agree.

export { formatSetting } from '../../../shared/engine/format-setting';
export { formatFigure, formatRatio } from '../../../shared/engine/format-figure';

export function formatLoss(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000 || magnitude < 0.001) return value.toExponential(2);
  // Three significant digits without trailing zeros: 0.065, 0.8, 1.25.
  return String(Number(value.toPrecision(3)));
}

/** The first clause of a run's message, for a table cell (the whole message is the cell's tooltip). */
export function messageHeadline(message: string): string {
  const end = message.search(/[:.](\s|$)/);
  return end < 0 ? message : `${message.slice(0, end)}${message[end] === ':' ? '…' : '.'}`;
}


export function formatAccuracy(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : String(value);
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/**
 * Time left for a training run, from its pace so far: "about 12 s left". Undefined before the
 * first epoch (no pace yet).
 */
export function formatEta(run: { epochsDone: number; totalEpochs: number; metrics?: { seconds: number } }): string | undefined {
  if (!run.metrics || run.epochsDone === 0) return undefined;
  const left = (run.metrics.seconds / run.epochsDone) * (run.totalEpochs - run.epochsDone);
  return `about ${formatSeconds(left)} left`;
}

/** "Nov 22, 14:05": short enough for a table column. */
export function formatWhen(timestamp: number): string {
  return new Date(timestamp).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export const STATUS_LABELS: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Training',
  done: 'Done',
  'stopped-early': 'Stopped early',
  cancelled: 'Cancelled',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

export function isActive(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}
