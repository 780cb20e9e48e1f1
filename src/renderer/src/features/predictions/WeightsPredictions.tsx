import { useMemo, useState } from 'react';
import type { ExperimentInput } from '../../../../shared/schema/experiment';
import type { WeightsFile } from '../../../../shared/schema/weights';
import { PredictionsStatus } from './PredictionsStatus';
import { usePredictions } from './use-predictions';

// An imported weights file's predictions on the chosen dataset, row by row, when asked for.

let opened = 0;

export function WeightsPredictions({ file, dataset }: { file: WeightsFile; dataset: ExperimentInput['dataset'] }) {
  // A new file (even under the same name) is a new table.
  const fileId = useMemo(() => ++opened, [file]);
  const [asked, setAsked] = useState<string | null>(null);
  const key = `${fileId}:${JSON.stringify(dataset)}`;
  const predictions = usePredictions(asked === key ? key : null, { source: { kind: 'weights', file }, dataset });
  return (
    <section className="predictions-section" data-testid="weights-predictions">
      <h3>Predictions, row by row</h3>
      {(asked !== key || predictions.state === 'idle') && (
        <button type="button" className="primary" onClick={() => setAsked(key)} data-testid="show-predictions">
          Show predictions
        </button>
      )}
      {asked === key && <PredictionsStatus predictions={predictions} />}
    </section>
  );
}
