import { useMemo, useState, type FormEvent } from 'react';
import type { Dataset } from '../../../../shared/data/dataset';
import { ACTIVATION_NAMES, OPTIMIZER_NAMES } from '../../../../shared/schema/names';
import { navigate } from '../../app/routes';
import { useServices } from '../../app/services';
import { BUILTIN_DATASET_NAMES, BUILTIN_DATASETS, resolveDataset } from '../datasets/builtin-datasets';
import { describeOption, SHIPPED_DATASETS, useImportedDatasets } from '../datasets/dataset-choices';
import { DatasetPreview } from '../datasets/DatasetPreview';
import {
  DEFAULT_RUN_FORM,
  isStoredChoice,
  OUTPUT_LABELS,
  outputChoices,
  parseRunForm,
  storedChoice,
  type DatasetChoice,
  type HiddenLayerField,
  type RunFormState,
} from './run-form';

// The first experiment editor: a built-in dataset, hidden layers, output, optimizer, and Train.

const HIDDEN_ACTIVATIONS = ACTIVATION_NAMES.filter((name) => name !== 'softmax');

/** The dataset the form currently describes, or null while its numbers are being typed. */
function previewDataset(form: RunFormState): Dataset | null {
  if (isStoredChoice(form.dataset)) return null;
  try {
    const optional = (text: string) => (text.trim() === '' ? undefined : Number(text));
    return resolveDataset({ synthetic: form.dataset, samples: optional(form.samples), noise: optional(form.noise), seed: Number(form.seed) || 0 });
  } catch {
    return null;
  }
}

export function RunForm() {
  const { launcher } = useServices();
  const [form, setForm] = useState<RunFormState>(DEFAULT_RUN_FORM);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const dataset = useMemo(() => previewDataset(form), [form.dataset, form.samples, form.noise, form.seed]);
  const imported = useImportedDatasets();
  const stored = isStoredChoice(form.dataset) ? [...SHIPPED_DATASETS, ...imported].find((o) => storedChoice(o.id) === form.dataset) : undefined;
  const classes = stored ? stored.classes : dataset?.target.kind === 'classes' ? dataset.target.classes.length : 2;
  const outputs = outputChoices(classes);
  const output = outputs.includes(form.output) ? form.output : outputs[0];

  const update = (patch: Partial<RunFormState>) => setForm((current) => ({ ...current, ...patch }));
  const updateLayer = (index: number, patch: Partial<HiddenLayerField>) =>
    update({ hidden: form.hidden.map((layer, i) => (i === index ? { ...layer, ...patch } : layer)) });

  function chooseDataset(choice: DatasetChoice) {
    // XOR has four rows: holding any out would leave too few to learn from.
    update({ dataset: choice, samples: '', noise: '', validationPercent: choice === 'xor' ? '0' : form.validationPercent === '0' ? '20' : form.validationPercent });
  }

  async function train(event: FormEvent) {
    event.preventDefault();
    // A dataset with its own validation rows is trained with them; the experiment says so with 0.
    const parsed = parseRunForm({ ...form, output, ...(stored?.hasSplit ? { validationPercent: '0' } : {}) }, classes, stored?.targets || 1);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setStarting(true);
    try {
      const id = await launcher.launch(parsed.experiment);
      navigate({ page: 'runs', id });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setStarting(false);
    }
  }

  return (
    <form className="panel run-form" onSubmit={train} data-testid="run-form" noValidate>
      <h2>New run</h2>

      <fieldset>
        <legend>Dataset</legend>
        <div className="dataset-row">
          <div className="fields">
            <label>
              Dataset
              <select data-testid="dataset-select" value={form.dataset} onChange={(e) => chooseDataset(e.target.value as DatasetChoice)}>
                <optgroup label="Generated">
                  {BUILTIN_DATASET_NAMES.map((name) => (
                    <option key={name} value={name}>
                      {BUILTIN_DATASETS[name].label}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Shipped with the app">
                  {SHIPPED_DATASETS.map((option) => (
                    <option key={option.id} value={storedChoice(option.id)}>
                      {option.label}
                    </option>
                  ))}
                </optgroup>
                {imported.length > 0 && (
                  <optgroup label="Imported">
                    {imported.map((option) => (
                      <option key={option.id} value={storedChoice(option.id)}>
                        {option.label}
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
            </label>
            {isStoredChoice(form.dataset) ? (
              <p className="muted" data-testid="stored-dataset-info">
                {stored ? describeOption(stored) : 'This dataset no longer exists; pick another.'}
              </p>
            ) : (
              <div className="pair">
                <label>
                  Samples
                  <input data-testid="samples" inputMode="numeric" placeholder={dataset ? String(dataset.rows) : ''} value={form.samples} onChange={(e) => update({ samples: e.target.value })} />
                </label>
                <label>
                  Noise
                  <input data-testid="noise" inputMode="decimal" placeholder="default" value={form.noise} onChange={(e) => update({ noise: e.target.value })} />
                </label>
              </div>
            )}
          </div>
          {dataset ? <DatasetPreview dataset={dataset} size={104} /> : !stored && <div className="dataset-preview placeholder" />}
        </div>
      </fieldset>

      <fieldset>
        <legend>Network</legend>
        <p className="layer-io muted">Input · {stored?.features ?? dataset?.features ?? 2} features</p>
        <ol className="layers">
          {form.hidden.map((layer, index) => (
            <li key={index} className="layer-row" data-testid={`layer-${index}`}>
              <span className="layer-name">Hidden {index + 1}</span>
              <input
                aria-label={`Hidden layer ${index + 1} units`}
                data-testid={`layer-units-${index}`}
                inputMode="numeric"
                value={layer.units}
                onChange={(e) => updateLayer(index, { units: e.target.value })}
              />
              <select
                aria-label={`Hidden layer ${index + 1} activation`}
                data-testid={`layer-activation-${index}`}
                value={layer.activation}
                onChange={(e) => updateLayer(index, { activation: e.target.value as HiddenLayerField['activation'] })}
              >
                {HIDDEN_ACTIVATIONS.map((name) => (
                  <option key={name}>{name}</option>
                ))}
              </select>
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove hidden layer ${index + 1}`}
                data-testid={`remove-layer-${index}`}
                onClick={() => update({ hidden: form.hidden.filter((_, i) => i !== index) })}
              >
                ×
              </button>
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="link-button"
          data-testid="add-layer"
          onClick={() => update({ hidden: [...form.hidden, form.hidden.at(-1) ?? { units: '8', activation: 'tanh' }] })}
        >
          + Add hidden layer
        </button>
        <label className="output-row">
          Output
          <select data-testid="output-select" value={output} onChange={(e) => update({ output: e.target.value as RunFormState['output'] })}>
            {outputs.map((choice) => (
              <option key={choice} value={choice}>
                {choice === 'sigmoid' ? 1 : choice === 'linear' ? stored?.targets || 1 : classes} {OUTPUT_LABELS[choice]}
              </option>
            ))}
          </select>
        </label>
      </fieldset>

      <fieldset>
        <legend>Training</legend>
        <div className="pair">
          <label>
            Optimizer
            <select data-testid="optimizer-select" value={form.optimizer} onChange={(e) => update({ optimizer: e.target.value as RunFormState['optimizer'] })}>
              {OPTIMIZER_NAMES.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
          <label>
            Learning rate
            <input data-testid="learning-rate" inputMode="decimal" value={form.learningRate} onChange={(e) => update({ learningRate: e.target.value })} />
          </label>
          <label>
            Epochs
            <input data-testid="epochs" inputMode="numeric" value={form.epochs} onChange={(e) => update({ epochs: e.target.value })} />
          </label>
          <label title="A number of rows, or “full” for full-batch gradient descent">
            Batch size
            <input data-testid="batch-size" value={form.batchSize} onChange={(e) => update({ batchSize: e.target.value })} />
          </label>
          <label>
            Validation %
            <input
              data-testid="validation-percent"
              inputMode="numeric"
              value={stored?.hasSplit ? '' : form.validationPercent}
              placeholder={stored?.hasSplit ? 'own split' : undefined}
              title={stored?.hasSplit ? 'The dataset brings its own validation rows' : undefined}
              disabled={stored?.hasSplit}
              onChange={(e) => update({ validationPercent: e.target.value })}
            />
          </label>
          <label>
            Seed
            <input data-testid="seed" inputMode="numeric" value={form.seed} onChange={(e) => update({ seed: e.target.value })} />
          </label>
        </div>
      </fieldset>

      {error && (
        <p className="form-error" role="alert" data-testid="form-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" data-testid="train-button" disabled={starting}>
        Train
      </button>
    </form>
  );
}
