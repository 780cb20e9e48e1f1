import { FieldIssue, NumberField } from '../../components/NumberField';
import { describeOption, SHIPPED_DATASETS, useImportedDatasets } from '../datasets/dataset-choices';
import { DatasetSelect } from '../datasets/DatasetSelect';
import { InputsField } from '../datasets/InputsField';
import { SCHEMA_DEFAULTS, type ExperimentDraft } from './experiment-draft';

// Which data the experiment trains on: a generated set (with its size, noise, classes and seed),
// one shipped with the app, or one imported on the Datasets page (with how its inputs are normalized).

type Spec = ExperimentDraft['dataset'];
type SyntheticSpec = Extract<Spec, { synthetic: unknown }>;

export function DatasetFields({ spec, issues, onChange }: { spec: Spec; issues: Map<string, string>; onChange: (spec: Spec) => void }) {
  const imported = useImportedDatasets();
  const synthetic = 'synthetic' in spec ? (spec as SyntheticSpec) : null;
  const stored = 'stored' in spec ? [...SHIPPED_DATASETS, ...imported].find((option) => option.id === spec.stored) : undefined;

  return (
    <>
      <div className="field-grid">
        <label className="field dataset-choice">
          Dataset
          <DatasetSelect testId="experiment-dataset" spec={spec} imported={imported} onChange={onChange} />
        </label>
        {'stored' in spec && stored && <InputsField testId="experiment-inputs" spec={spec} option={stored} issue={issues.get('dataset.normalize')} onChange={onChange} />}
        {synthetic && (
          <>
            <NumberField label="Samples" testId="dataset-samples" placeholder="default" value={synthetic.samples} issue={issues.get('dataset.samples')} onChange={(samples) => onChange({ ...synthetic, samples })} />
            <NumberField label="Noise" testId="dataset-noise" placeholder="default" value={synthetic.noise} issue={issues.get('dataset.noise')} onChange={(noise) => onChange({ ...synthetic, noise })} />
            {(synthetic.synthetic === 'blobs' || synthetic.synthetic === 'spirals') && (
              <NumberField label="Classes" testId="dataset-classes" placeholder="default" value={synthetic.classes} issue={issues.get('dataset.classes')} onChange={(classes) => onChange({ ...synthetic, classes })} />
            )}
            <NumberField label="Data seed" testId="dataset-seed" placeholder={String(SCHEMA_DEFAULTS.dataSeed)} value={synthetic.seed} issue={issues.get('dataset.seed')} onChange={(seed) => onChange({ ...synthetic, seed })} />
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
