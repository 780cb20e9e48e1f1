import { useCallback, useState } from 'react';
import { navigate } from '../../app/routes';
import type { RunRecord, RunWeightsRecord } from '../../db/database';
import { inspectRunRoute } from '../inspector/inspector-route';
import type { PredictionsSource } from './prediction-table';
import { PredictionsStatus } from './PredictionsStatus';
import { usePredictions } from './use-predictions';

// A run's predictions, row by row, for the weights the user picks: the final ones, those of the
// best epoch, or the initial ones (epoch 0: the experiment's seeded initialization, exactly as the
// run started). Computed when asked for, since a large dataset takes a moment.

type WeightsChoice = 'final' | 'best' | 'initial';

function choices(run: RunRecord, weights: RunWeightsRecord | undefined): { value: WeightsChoice; label: string }[] {
  const list: { value: WeightsChoice; label: string }[] = [];
  if (weights?.final) list.push({ value: 'final', label: `Final weights (epoch ${run.epochsDone})` });
  if (weights?.best && run.bestEpoch !== undefined) list.push({ value: 'best', label: `Best epoch (${run.bestEpoch})` });
  // A continued run started from another run's weights, not from its own initialization.
  if (!run.continuedFrom) list.push({ value: 'initial', label: 'Initial weights (epoch 0, before training)' });
  return list;
}

function sourceOf(run: RunRecord, weights: RunWeightsRecord | undefined, choice: WeightsChoice): PredictionsSource | null {
  if (choice === 'initial') return { kind: 'run', experiment: run.experiment };
  const file = choice === 'final' ? weights?.final : weights?.best;
  return file ? { kind: 'run', experiment: run.experiment, weights: file } : null;
}

export function RunPredictions({ run, weights }: { run: RunRecord; weights: RunWeightsRecord | undefined }) {
  const options = choices(run, weights);
  const [picked, setPicked] = useState<WeightsChoice | null>(null);
  const [asked, setAsked] = useState(0);
  const choice = options.find((option) => option.value === picked)?.value ?? options[0]?.value;
  const source = choice ? sourceOf(run, weights, choice) : null;
  const key = asked > 0 && source ? `${run.id}:${choice}:${run.status}:${asked}` : null;
  const predictions = usePredictions(key, source ? { source, dataset: run.experiment.dataset } : null);
  // Each row number opens the step inspector on that row, with the same weights.
  const inspectRow = useCallback(
    (row: number) => choice && navigate(inspectRunRoute(run.id, { state: choice === 'initial' ? 'init' : choice, rows: [row] })),
    [run.id, choice],
  );
  if (!choice) return null;
  return (
    <section className="predictions-section" data-testid="run-predictions">
      <h3>Predictions, row by row</h3>
      <div className="predictions-choice">
        <label>
          Weights
          <select value={choice} onChange={(event) => setPicked(event.target.value as WeightsChoice)} data-testid="predictions-weights">
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        {(key === null || predictions.state === 'idle') && (
          <button type="button" className="primary" onClick={() => setAsked((n) => n + 1)} data-testid="show-predictions">
            Show predictions
          </button>
        )}
      </div>
      {key !== null && <PredictionsStatus predictions={predictions} onInspectRow={inspectRow} />}
    </section>
  );
}
