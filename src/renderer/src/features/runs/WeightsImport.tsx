import { useMemo, useState, type ChangeEvent } from 'react';
import type { ExperimentInput } from '../../../../shared/schema/experiment';
import type { WeightsFile } from '../../../../shared/schema/weights';
import { DatasetFields } from '../experiments/DatasetFields';
import { WeightsPredictions } from '../predictions/WeightsPredictions';
import { readWeightsFile } from './read-weights-file';
import { evaluateWeights, weightsDatasetProblem } from './run-evaluation';
import { evaluatedLabel, RunEvaluation } from './RunEvaluation';
import { useDataset } from '../datasets/use-dataset';

// Bring a weights JSON file back (exported here, by the CLI, or written by hand): every field is
// checked and a problem is named with the file and the field; then the network is evaluated on a
// dataset the app has (generated, shipped or imported), by default the one its experiment names.

type DatasetChoice = ExperimentInput['dataset'];
const NO_ISSUES = new Map<string, string>();

function describeLayers(file: WeightsFile): string {
  return file.layers.map((layer, l) => `W[${l + 1}]: ${layer.W.length}×${layer.W[0]?.length ?? 0} ${layer.activation.name}`).join(' → ');
}

export function WeightsImport() {
  const [loaded, setLoaded] = useState<{ name: string; file: WeightsFile } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [spec, setSpec] = useState<DatasetChoice>({ synthetic: 'spirals', seed: 0 });
  const { dataset, loading, error: datasetError } = useDataset(loaded ? spec : undefined);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const picked = event.target.files?.[0];
    event.target.value = '';
    if (!picked) return;
    try {
      const file = await readWeightsFile(picked);
      if (file.experiment) setSpec(file.experiment.dataset);
      setLoaded({ name: picked.name, file });
      setError(null);
    } catch (failure) {
      setLoaded(null);
      setError(`${picked.name}: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
  }

  const result = useMemo(() => {
    if (!loaded || !dataset) return null;
    try {
      const problem = weightsDatasetProblem(loaded.file, dataset);
      if (problem) return { problem: `${loaded.name}: ${problem}` };
      // Every row, unless the dataset brings its own validation rows.
      const own = dataset.split;
      const all = Int32Array.from({ length: dataset.rows }, (_, i) => i);
      const evaluated = own?.validation.length ? { rows: own.validation, split: 'validation' as const, trainRows: own.train } : { rows: all, split: 'train' as const, trainRows: all };
      const view = evaluateWeights(loaded.file, dataset, evaluated);
      const correct = view.confusion?.reduce((sum, row, i) => sum + row[i], 0);
      const evaluatedRows = view.evaluated.rows;
      const rowsLabel = own?.validation.length
        ? evaluatedLabel(view.evaluated)
        : evaluatedRows === dataset.rows
          ? `all ${evaluatedRows} rows`
          : `the first ${evaluatedRows} of ${dataset.rows} rows`;
      return { dataset, view, rowsLabel, accuracy: correct === undefined ? undefined : correct / view.evaluated.rows };
    } catch (failure) {
      return { problem: failure instanceof Error ? failure.message : String(failure) };
    }
  }, [loaded, dataset]);

  return (
    <section className="panel weights-import" data-testid="weights-import">
      <header className="list-header">
        <h2>Evaluate a weights file</h2>
        <label className="button-like">
          Open weights JSON…
          <input type="file" accept=".json,application/json" data-testid="import-weights" hidden onChange={(event) => void choose(event)} />
        </label>
      </header>
      {error && (
        <p className="form-error" role="alert" data-testid="weights-import-error">
          {error}
        </p>
      )}
      {!loaded && !error && <p className="muted">A weights JSON v1 file is checked field by field, then its network is evaluated on a dataset here.</p>}
      {loaded && (
        <>
          <p data-testid="weights-summary">
            <strong>{loaded.name}</strong> · {describeLayers(loaded.file)} ·{' '}
            {loaded.file.output.task === 'classification' ? `classes ${loaded.file.output.classes.join(', ')}` : `targets ${loaded.file.output.targets.join(', ')}`}
          </p>
          <div className="weights-dataset" data-testid="weights-dataset">
            <DatasetFields spec={spec} issues={NO_ISSUES} onChange={setSpec} />
          </div>
          {loading && <p className="muted">Loading the dataset…</p>}
          {datasetError && (
            <p className="form-error" data-testid="weights-problem">
              {datasetError}
            </p>
          )}
          {result && 'problem' in result && (
            <p className="form-error" data-testid="weights-problem">
              {result.problem}
            </p>
          )}
          {result && 'view' in result && result.view && (
            <>
              {result.accuracy !== undefined && (
                <p data-testid="weights-accuracy" data-value={result.accuracy}>
                  Accuracy on {result.rowsLabel}: <strong>{(result.accuracy * 100).toFixed(1)} %</strong>
                </p>
              )}
              <RunEvaluation
                view={result.view}
                viewLabel={loaded.name}
                rowsLabel={result.rowsLabel}
                classes={loaded.file.output.task === 'classification' ? loaded.file.output.classes : undefined}
                targets={loaded.file.output.task === 'regression' ? loaded.file.output.targets : undefined}
                dataset={result.dataset}
              />
              <WeightsPredictions file={loaded.file} dataset={spec} />
            </>
          )}
        </>
      )}
    </section>
  );
}
