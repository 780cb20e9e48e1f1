import { PredictionsTable } from './PredictionsTable';
import type { PredictionsState } from './use-predictions';

// The predictions table once computed; until then how far the worker is, or why it failed.

export function PredictionsStatus({ predictions, onInspectRow }: { predictions: PredictionsState; onInspectRow?: (row: number) => void }) {
  switch (predictions.state) {
    case 'idle':
      return null;
    case 'working': {
      const { progress } = predictions;
      return (
        <div className="predictions-progress" data-testid="predictions-progress">
          <span>{progress ? `${progress.phase}${progress.total > 1 ? ` · ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} rows` : '…'}` : 'Starting…'}</span>
          <button type="button" onClick={predictions.cancel}>
            Stop
          </button>
        </div>
      );
    }
    case 'failed':
      return (
        <p className="form-error" role="alert" data-testid="predictions-error">
          {predictions.message}
        </p>
      );
    case 'done':
      return <PredictionsTable table={predictions.table} onInspectRow={onInspectRow} />;
  }
}
