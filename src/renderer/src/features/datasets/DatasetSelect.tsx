import type { ExperimentInput } from '../../../../shared/schema/experiment';
import type { SyntheticDatasetName } from '../../../../shared/schema/names';
import { BUILTIN_DATASET_NAMES, BUILTIN_DATASETS } from './builtin-datasets';
import { SHIPPED_DATASETS, type StoredDatasetOption } from './dataset-choices';

// The one dataset picker of every experiment form: generated sets by name, then the ones shipped
// with the app and the user's imports as `stored:<id>`. A spec no option stands for (a CSV path
// from an imported experiment file) is shown as written, so picking nothing changes nothing.

type Spec = ExperimentInput['dataset'];

/** The option a spec selects: "spirals", "stored:builtin/iris", or "other". */
export function datasetChoice(spec: Spec): string {
  return 'synthetic' in spec ? spec.synthetic : 'stored' in spec ? `stored:${spec.stored}` : 'other';
}

/**
 * The spec an option stands for. A generated set keeps the data seed the experiment had (its
 * size, noise and classes belong to the set it replaces and fall back to the new set's own); a
 * shipped set whose features need normalizing (breast cancer) comes with it.
 */
export function datasetSpecFor(choice: string, current: Spec): Spec {
  if (choice.startsWith('stored:')) {
    const stored = choice.slice('stored:'.length);
    const normalize = SHIPPED_DATASETS.find((option) => option.id === stored)?.recommendedNormalization;
    return { stored, ...(normalize ? { normalize } : {}) };
  }
  const seed = 'synthetic' in current ? current.seed : undefined;
  return { synthetic: choice as SyntheticDatasetName, ...(seed === undefined ? {} : { seed }) };
}

interface DatasetSelectProps {
  spec: Spec;
  imported: StoredDatasetOption[];
  onChange: (spec: Spec) => void;
  testId: string;
}

export function DatasetSelect({ spec, imported, onChange, testId }: DatasetSelectProps) {
  const choice = datasetChoice(spec);
  return (
    <select data-testid={testId} value={choice} onChange={(event) => onChange(datasetSpecFor(event.target.value, spec))}>
      <optgroup label="Generated">
        {BUILTIN_DATASET_NAMES.map((name) => (
          <option key={name} value={name}>
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
      {choice === 'other' && <option value="other">{JSON.stringify(spec)}</option>}
    </select>
  );
}
