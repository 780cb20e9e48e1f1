import { formatBytes } from '../../../../shared/engine/run-budget';
import type { ImportProgress } from './worker-task';

// Progress of an import running in a worker, with a way to stop it. Sizes are bytes when `unit`
// says so ("Reading · 38 MB of 100 MB"), otherwise counts ("Decoding images · 120 of 400").
// Without `onCancel` there is nothing to stop (a save lands whole or not at all).

export function ImportProgressBar({ progress, unit, onCancel }: { progress: ImportProgress | null; unit: 'bytes' | 'items'; onCancel?(): void }) {
  const fraction = progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
  const amount = (n: number) => (unit === 'bytes' ? formatBytes(n) : n.toLocaleString('en-US'));
  return (
    <div className="import-progress" data-testid="import-progress" data-fraction={fraction.toFixed(3)}>
      <div className="import-progress-label">
        <span>{progress ? `${progress.phase} · ${amount(progress.done)} of ${amount(progress.total)}` : 'Starting…'}</span>
        <span className="muted">{Math.round(fraction * 100)} %</span>
      </div>
      <div className="import-progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
        <div className="import-progress-fill" style={{ width: `${fraction * 100}%` }} />
      </div>
      {onCancel && (
        <button type="button" onClick={onCancel} data-testid="import-cancel">
          Cancel
        </button>
      )}
    </div>
  );
}
