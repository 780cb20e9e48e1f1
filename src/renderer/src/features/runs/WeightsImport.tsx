import { useMemo, useState, type ChangeEvent } from 'react';
import { MAX_WEIGHTS_CHARS, parseWeights } from '../../../../shared/nn/weights-json';
import type { DatasetSpec } from '../../../../shared/schema/experiment';
import type { SyntheticDatasetName } from '../../../../shared/schema/names';
import type { WeightsFile } from '../../../../shared/schema/weights';
import { readTextFile } from '../../files/read-file';
import { BUILTIN_DATASET_NAMES, BUILTIN_DATASETS, resolveDataset } from '../datasets/builtin-datasets';
import { evaluateWeights, weightsDatasetProblem } from './run-evaluation';
import { RunEvaluation } from './RunEvaluation';

// Bring a weights JSON file back (exported here, by the CLI, or written by hand): every field is
// checked and a problem is named with the file and the field; then the network is evaluated on a
// stored dataset, by default the one its experiment names.

/** The dataset to evaluate on: the file's own when it names a built-in one. */
function datasetFor(file: WeightsFile, name: SyntheticDatasetName): DatasetSpec {
  const own = file.experiment?.dataset;
  if (own && 'synthetic' in own && own.synthetic === name) return own;
  return { synthetic: name, seed: 0 };
}

function describeLayers(file: WeightsFile): string {
  return file.layers.map((layer, l) => `W[${l + 1}]: ${layer.W.length}×${layer.W[0]?.length ?? 0} ${layer.activation.name}`).join(' → ');
}

export function WeightsImport() {
  const [loaded, setLoaded] = useState<{ name: string; file: WeightsFile } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [datasetName, setDatasetName] = useState<SyntheticDatasetName>('spirals');

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const picked = event.target.files?.[0];
    event.target.value = '';
    if (!picked) return;
    try {
      const file = parseWeights(await readTextFile(picked, MAX_WEIGHTS_CHARS));
      const own = file.experiment?.dataset;
      if (own && 'synthetic' in own) setDatasetName(own.synthetic);
      setLoaded({ name: picked.name, file });
      setError(null);
    } catch (failure) {
      setLoaded(null);
      setError(`${picked.name}: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
  }

  const result = useMemo(() => {
    if (!loaded) return null;
    try {
      const dataset = resolveDataset(datasetFor(loaded.file, datasetName));
      const problem = weightsDatasetProblem(loaded.file, dataset);
      if (problem) return { problem: `${loaded.name}: ${problem}` };
      const rows = dataset.split?.validation ?? Int32Array.from({ length: dataset.rows }, (_, i) => i);
      const evaluation = evaluateWeights(loaded.file, dataset, { rows, label: dataset.split ? 'validation' : 'dataset' });
      const correct = evaluation.confusion?.reduce((sum, row, i) => sum + row[i], 0);
      return { dataset, evaluation, accuracy: correct === undefined ? undefined : correct / rows.length };
    } catch (failure) {
      return { problem: failure instanceof Error ? failure.message : String(failure) };
    }
  }, [loaded, datasetName]);

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
          <label className="weights-dataset">
            Evaluate on
            <select data-testid="weights-dataset" value={datasetName} onChange={(event) => setDatasetName(event.target.value as SyntheticDatasetName)}>
              {BUILTIN_DATASET_NAMES.map((name) => (
                <option key={name} value={name}>
                  {BUILTIN_DATASETS[name].label}
                </option>
              ))}
            </select>
          </label>
          {result && 'problem' in result && (
            <p className="form-error" data-testid="weights-problem">
              {result.problem}
            </p>
          )}
          {result && 'evaluation' in result && result.evaluation && (
            <>
              {result.accuracy !== undefined && (
                <p data-testid="weights-accuracy" data-value={result.accuracy}>
                  Accuracy on {result.evaluation.rowsLabel}: <strong>{(result.accuracy * 100).toFixed(1)} %</strong>
                </p>
              )}
              <RunEvaluation view={result.evaluation.view} viewLabel={loaded.name} evaluation={result.evaluation} dataset={result.dataset} />
            </>
          )}
        </>
      )}
    </section>
  );
}
