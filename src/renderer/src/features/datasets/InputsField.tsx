import type { Normalization } from '../../../../shared/data/dataset';
import { NORMALIZED } from '../../../../shared/data/normalize';
import type { ExperimentInput } from '../../../../shared/schema/experiment';
import { FieldIssue } from '../../components/NumberField';
import type { StoredDatasetOption } from './dataset-choices';

// How a shipped or imported dataset's features reach the network, in every experiment form: as
// stored, or normalized per run (fitted on the run's training rows, like a CSV file's normalize).
// A dataset normalized when it was imported says so, and its other choices are disabled: it is
// never normalized twice (an experiment file asking for it anyway gets the engine's message).

type StoredSpec = Extract<ExperimentInput['dataset'], { stored: string }>;
type Kind = Normalization['kind'];

const CHOICES: { kind: Exclude<Kind, 'none'>; label: string }[] = [
  { kind: 'standardize', label: 'standardize' },
  { kind: 'minmax', label: 'min-max to [0, 1]' },
];

interface InputsFieldProps {
  spec: StoredSpec;
  option: StoredDatasetOption;
  issue?: string;
  onChange: (spec: StoredSpec) => void;
  testId: string;
}

export function InputsField({ spec, option, issue, onChange, testId }: InputsFieldProps) {
  const asked = spec.normalize ?? 'none';
  const stored = option.storedNormalization;
  return (
    <label className={issue ? 'field inputs-choice invalid' : 'field inputs-choice'} title="Standardize: each feature to mean 0 and standard deviation 1; min-max: each feature's range to [0, 1]. Both fitted on the run's training rows only and applied to every row; exported weights repeat them">
      Inputs
      <select
        data-testid={testId}
        value={asked}
        aria-invalid={issue ? true : undefined}
        // "none" is written by leaving the field out, so an experiment keeps the keys it had.
        onChange={(event) => onChange(event.target.value === 'none' ? { stored: spec.stored } : { stored: spec.stored, normalize: event.target.value as Kind })}
      >
        <option value="none">{stored === 'none' ? 'not normalized' : `already ${NORMALIZED[stored]} at import`}</option>
        {CHOICES.map(({ kind, label }) => (
          <option key={kind} value={kind} disabled={stored !== 'none' && asked !== kind}>
            {label}
          </option>
        ))}
      </select>
      <FieldIssue testId={`${testId}-issue`} issue={issue} />
    </label>
  );
}
