import { useState, type FormEvent } from 'react';
import { taskOf } from '../../../../shared/data/dataset';
import { OPTIMIZER_NAMES, type ActivationName, type OptimizerName } from '../../../../shared/schema/names';
import { navigate } from '../../app/routes';
import { useServices } from '../../app/services';
import { BatchSizeField } from '../../components/BatchSizeField';
import { LOSS_LABELS } from '../../components/describe-experiment';
import { FieldIssue, NumberField } from '../../components/NumberField';
import { describeOption, SHIPPED_DATASETS, useImportedDatasets } from '../datasets/dataset-choices';
import { DatasetPreview } from '../datasets/DatasetPreview';
import { DatasetSelect } from '../datasets/DatasetSelect';
import { InputsField } from '../datasets/InputsField';
import {
  activationNameOf,
  DEFAULT_DRAFT,
  issueUnder,
  outputUnitsFor,
  SCHEMA_DEFAULTS,
  switchOptimizer,
  withDataset,
  withOutputActivation,
  type DraftLayer,
} from '../experiments/experiment-draft';
import { HIDDEN_ACTIVATIONS, pairedLoss, usualOutputActivations } from '../experiments/output-pairing';
import { useDraft } from '../experiments/use-draft';

// The quick way to a run: a compact view of the same draft the experiment editor edits (same
// starting values, same output/loss pairing, same checks with each message under its box),
// showing the dataset (and how a stored one's inputs are normalized), hidden layers, output and
// the main training numbers. Train starts a run
// without saving an experiment.

export function RunForm() {
  const { launcher } = useServices();
  const { draft, setDraft, dataset, loading, experiment, issues } = useDraft(DEFAULT_DRAFT);
  const [message, setMessage] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const imported = useImportedDatasets();

  const spec = draft.dataset;
  const synthetic = 'synthetic' in spec ? spec : null;
  const stored = 'stored' in spec ? [...SHIPPED_DATASETS, ...imported].find((option) => option.id === spec.stored) : undefined;
  const hidden = draft.model.layers.slice(0, -1);
  const outputIndex = draft.model.layers.length - 1;
  const output = draft.model.layers[outputIndex];
  const outputName = activationNameOf(output.activation);
  const task = dataset ? taskOf(dataset) : 'classification';
  const usual = dataset ? usualOutputActivations(task, dataset.target.kind === 'classes' ? dataset.target.classes.length : 0) : [];
  const outputs = usual.includes(outputName) ? usual : [...usual, outputName];
  const training = draft.training;

  const setTraining = (patch: Partial<typeof training>) => setDraft((current) => ({ ...current, training: { ...current.training, ...patch } }));
  const setLayers = (layers: DraftLayer[]) => setDraft((current) => ({ ...current, model: { ...current.model, layers } }));
  const setHidden = (index: number, patch: Partial<DraftLayer>) => setLayers(draft.model.layers.map((layer, i) => (i === index ? { ...layer, ...patch } : layer)));
  // Until the dataset is known (loading, or its numbers being typed) the output cannot be sized
  // for it: the select shows the current choice without a unit count and waits.
  const outputLabel = (name: ActivationName) => {
    const loss = name === outputName ? draft.model.loss : pairedLoss(name, task);
    return `${dataset ? `${outputUnitsFor(name, dataset)} ` : ''}${name} · ${LOSS_LABELS[loss]}`;
  };

  async function train(event: FormEvent) {
    event.preventDefault();
    if (!experiment) return;
    setMessage(null);
    setStarting(true);
    try {
      const id = await launcher.launch(experiment);
      navigate({ page: 'runs', id });
    } catch (failure) {
      setMessage(failure instanceof Error ? failure.message : String(failure));
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
            <label className={issues.has('dataset') ? 'field invalid' : 'field'}>
              Dataset
              <DatasetSelect testId="dataset-select" spec={spec} imported={imported} onChange={(next) => setDraft((current) => withDataset(current, next))} />
            </label>
            {'stored' in spec && (
              <p className="muted" data-testid="stored-dataset-info">
                {stored ? describeOption(stored) : 'This dataset no longer exists; pick another.'}
              </p>
            )}
            {'stored' in spec && stored && (
              <InputsField
                testId="inputs-normalization"
                spec={spec}
                option={stored}
                issue={issues.get('dataset.normalize')}
                onChange={(next) => setDraft((current) => ({ ...current, dataset: next }))}
              />
            )}
            {!loading && <FieldIssue testId="dataset-issue" issue={issues.get('dataset')} />}
            {synthetic && (
              <div className="pair">
                <NumberField
                  label="Samples"
                  testId="samples"
                  placeholder={dataset ? String(dataset.rows) : 'default'}
                  value={synthetic.samples}
                  issue={issues.get('dataset.samples')}
                  onChange={(samples) => setDraft((current) => ({ ...current, dataset: { ...synthetic, samples } }))}
                />
                <NumberField
                  label="Noise"
                  testId="noise"
                  placeholder="default"
                  value={synthetic.noise}
                  issue={issues.get('dataset.noise')}
                  onChange={(noise) => setDraft((current) => ({ ...current, dataset: { ...synthetic, noise } }))}
                />
              </div>
            )}
          </div>
          {dataset ? <DatasetPreview dataset={dataset} size={104} /> : !stored && <div className="dataset-preview placeholder" />}
        </div>
      </fieldset>

      <fieldset>
        <legend>Network</legend>
        <p className="layer-io muted">Input · {dataset?.features ?? stored?.features ?? '…'} features</p>
        <ol className="layers">
          {hidden.map((layer, index) => (
            <li key={index} className="layer-row" data-testid={`layer-${index}`}>
              <span className="layer-name">Hidden {index + 1}</span>
              <NumberField
                label=""
                ariaLabel={`Hidden layer ${index + 1} units`}
                testId={`layer-units-${index}`}
                value={layer.units}
                issue={issues.get(`model.layers.${index}.units`) ?? issues.get(`model.layers.${index}`)}
                onChange={(units) => setHidden(index, { units: units as number })}
              />
              <select
                aria-label={`Hidden layer ${index + 1} activation`}
                data-testid={`layer-activation-${index}`}
                value={activationNameOf(layer.activation)}
                onChange={(event) => setHidden(index, { activation: event.target.value as ActivationName })}
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
                onClick={() => setLayers(draft.model.layers.filter((_, i) => i !== index))}
              >
                ×
              </button>
            </li>
          ))}
        </ol>
        <button type="button" className="link-button" data-testid="add-layer" onClick={() => setLayers([...hidden, { ...(hidden.at(-1) ?? { units: 8, activation: 'tanh' }) }, output])}>
          + Add hidden layer
        </button>
        <FieldIssue testId="layers-issue" issue={issues.get('model.layers')} />
        <label className={issueUnder(issues, `model.layers.${outputIndex}`) || issues.has('model.loss') ? 'field invalid output-row' : 'field output-row'}>
          Output
          <select
            data-testid="output-select"
            value={outputName}
            disabled={!dataset}
            title={dataset ? undefined : 'Sized for the dataset once it is known'}
            onChange={(event) => setDraft((current) => ({ ...current, model: withOutputActivation(current.model, event.target.value as ActivationName, dataset) }))}
          >
            {outputs.map((name) => (
              <option key={name} value={name}>
                {outputLabel(name)}
              </option>
            ))}
          </select>
        </label>
        <FieldIssue testId="output-issue" issue={issueUnder(issues, `model.layers.${outputIndex}`) ?? issues.get('model.loss')} />
      </fieldset>

      <fieldset>
        <legend>Training</legend>
        <div className="pair">
          <label className="field">
            Optimizer
            <select data-testid="optimizer-select" value={training.optimizer.name} onChange={(event) => setTraining({ optimizer: switchOptimizer(training.optimizer, event.target.value as OptimizerName) })}>
              {OPTIMIZER_NAMES.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
          <NumberField
            label="Learning rate"
            testId="learning-rate"
            value={training.optimizer.learningRate}
            issue={issues.get('training.optimizer.learningRate')}
            onChange={(learningRate) => setTraining({ optimizer: { ...training.optimizer, learningRate: learningRate as number } })}
          />
          <NumberField label="Epochs" testId="epochs" value={training.epochs} issue={issues.get('training.epochs')} onChange={(epochs) => setTraining({ epochs: epochs as number })} />
          <BatchSizeField
            compact
            value={training.batchSize}
            unticked={DEFAULT_DRAFT.training.batchSize as number}
            placeholder={String(SCHEMA_DEFAULTS.batchSize)}
            issue={issues.get('training.batchSize')}
            onChange={(batchSize) => setTraining({ batchSize })}
          />
          <NumberField
            label="Validation share"
            testId="validation-split"
            placeholder={dataset?.split ? 'own split' : String(SCHEMA_DEFAULTS.validationSplit)}
            disabled={Boolean(dataset?.split)}
            title={dataset?.split ? 'The dataset brings its own validation rows' : 'Fraction of the rows held out (stratified, with the seed)'}
            value={training.validationSplit}
            issue={issues.get('training.validationSplit')}
            onChange={(validationSplit) => setTraining({ validationSplit })}
          />
          <NumberField label="Seed" testId="seed" value={training.seed} issue={issues.get('training.seed')} onChange={(seed) => setTraining({ seed })} />
        </div>
      </fieldset>

      {message && (
        <p className="form-error" role="alert" data-testid="form-error">
          {message}
        </p>
      )}
      <button
        type="submit"
        className="primary"
        data-testid="train-button"
        disabled={!experiment || starting}
        title={experiment ? undefined : loading ? 'Loading the dataset…' : 'Fix the fields marked in red first'}
      >
        Train
      </button>
    </form>
  );
}
