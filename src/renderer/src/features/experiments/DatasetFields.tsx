import type { SyntheticDatasetName } from '../../../../shared/schema/names';
import { BUILTIN_DATASET_NAMES, BUILTIN_DATASETS } from '../datasets/builtin-datasets';
import { describeOption, SHIPPED_DATASETS, useImportedDatasets } from '../datasets/dataset-choices';
import type { ExperimentDraft } from './experiment-draft';
import { FieldIssue, NumberField } from './NumberField';

// Which data the experiment trains on: a generated set (with its size, noise, classes and seed),
// one shipped with the app, or one imported on the Datasets page.

type Spec = ExperimentDraft['dataset'];
type SyntheticSpec = Extract<Spec, { synthetic: unknown }>;

const choiceOf = (spec: Spec) => ('synthetic' in spec ? `synthetic:${spec.synthetic}` : 'stored' in spec ? `stored:${spec.stored}` : 'other');

export function DatasetFields({ spec, issues, onChange }: { spec: Spec; issues: Map<string, string>; onChange: (spec: Spec) => void }) {
  const imported = useImportedDatasets();
  const synthetic = 'synthetic' in spec ? (spec as SyntheticSpec) : null;
  const stored = 'stored' in spec ? [...SHIPPED_DATASETS, ...imported].find((option) => option.id === spec.stored) : undefined;

  function choose(value: string) {
    const [kind, ...rest] = value.split(':');
    const id = rest.join(':');
    onChange(kind === 'synthetic' ? { synthetic: id as SyntheticDatasetName, seed: synthetic?.seed ?? 1 } : { stored: id });
  }

  return (
    <>
      <div className="field-grid">
        <label className="field dataset-choice">
          Dataset
          <select data-testid="experiment-dataset" value={choiceOf(spec)} onChange={(event) => choose(event.target.value)}>
            <optgroup label="Generated">
              {BUILTIN_DATASET_NAMES.map((name) => (
                <option key={name} value={`synthetic:${name}`}>
                  {BUILTIN_DATASETS[name].label}
                </option>
              ))}
            </optgroup>
            <optgroup label="Shipped with the app">
              {SHIPPED_DATASETS.map((option) => (
                <option key={option.id} value={`stored:${option.id}`}>
                  {option.label}
                </option>
              ))}
            </optgroup>
            {imported.length > 0 && (
              <optgroup label="Imported">
                {imported.map((option) => (
                  <option key={option.id} value={`stored:${option.id}`}>
                    {option.label}
                  </option>
                ))}
              </optgroup>
            )}
            {choiceOf(spec) === 'other' && <option value="other">{JSON.stringify(spec)}</option>}
          </select>
        </label>
        {synthetic && (
          <>
            <NumberField label="Samples" testId="dataset-samples" placeholder="default" value={synthetic.samples} issue={issues.get('dataset.samples')} onChange={(samples) => onChange({ ...synthetic, samples })} />
            <NumberField label="Noise" testId="dataset-noise" placeholder="default" value={synthetic.noise} issue={issues.get('dataset.noise')} onChange={(noise) => onChange({ ...synthetic, noise })} />
            {(synthetic.synthetic === 'blobs' || synthetic.synthetic === 'spirals') && (
              <NumberField label="Classes" testId="dataset-classes" placeholder="default" value={synthetic.classes} issue={issues.get('dataset.classes')} onChange={(classes) => onChange({ ...synthetic, classes })} />
            )}
            <NumberField label="Data seed" testId="dataset-seed" placeholder="0" value={synthetic.seed} issue={issues.get('dataset.seed')} onChange={(seed) => onChange({ ...synthetic, seed })} />
          </>
        )}
      </div>
      {'stored' in spec && (
        <p className="muted" data-testid="experiment-dataset-info">
          {stored ? describeOption(stored) : 'This dataset no longer exists; pick another.'}
        </p>
      )}
      <FieldIssue testId="dataset-issue" issue={issues.get('dataset')} />
    </>
  );
}
