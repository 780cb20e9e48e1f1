import { useEffect, useRef, useState } from 'react';
import { navigate } from '../../app/routes';
import { useServices } from '../../app/services';
import type { ExperimentRecord } from '../../db/database';
import type { ExperimentChanges } from '../../db/experiments-repository';
import { downloadText, fileSafeName } from '../../files/download';
import { DatasetPreview } from '../datasets/DatasetPreview';
import { inspectExperimentRoute } from '../inspector/inspector-route';
import { NumberField } from '../../components/NumberField';
import { DatasetFields } from './DatasetFields';
import { issueUnder, SCHEMA_DEFAULTS, withDataset } from './experiment-draft';
import { serializeExperiment } from './experiment-file';
import { InitSelect } from './InitSelect';
import { LayersEditor } from './LayersEditor';
import { NetworkDiagram } from './NetworkDiagram';
import { TrainingFields } from './TrainingFields';
import { useDraft } from './use-draft';

// One saved experiment, edited in place: every change is saved as it is made (a moment after the
// last keystroke), problems show under the field they are about, and Train starts a run from the
// experiment as it stands. Nothing the user types is lost by leaving the page.

const SAVE_DELAY_MS = 300;

export function ExperimentEditor({ record }: { record: ExperimentRecord }) {
  const { experiments, launcher } = useServices();
  const [name, setName] = useState(record.name);
  const [notes, setNotes] = useState(record.notes);
  const [saved, setSaved] = useState(true);
  const [message, setMessage] = useState<string | null>(null);
  const first = useRef(true);

  const { draft, setDraft, dataset, experiment, issues } = useDraft(record.experiment);

  // The changes not yet written; leaving the editor writes them at once.
  const pending = useRef<ExperimentChanges | null>(null);
  const save = () => {
    const changes = pending.current;
    if (!changes) return;
    pending.current = null;
    experiments
      .update(record.id, changes)
      .then(() => setSaved(pending.current === null))
      .catch((error: unknown) => setMessage(`Saving failed: ${error instanceof Error ? error.message : String(error)}`));
  };
  useEffect(() => save, []);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    setSaved(false);
    pending.current = { name, notes, experiment: draft };
    const timer = setTimeout(save, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [name, notes, draft]);

  async function train() {
    if (!experiment) return;
    try {
      const id = await launcher.launch({ ...experiment, name }, { experimentId: record.id });
      navigate({ page: 'runs', id });
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    }
  }

  async function inspect() {
    await experiments.update(record.id, { name, notes, experiment: draft });
    navigate(inspectExperimentRoute(record.id));
  }

  async function clone() {
    await experiments.update(record.id, { name, notes, experiment: draft });
    const copy = await experiments.clone(record.id);
    navigate({ page: 'experiments', id: copy.id });
  }

  async function remove() {
    if (!window.confirm(`Delete the experiment “${name}”? Its runs stay.`)) return;
    await experiments.delete(record.id);
    navigate({ page: 'experiments' });
  }

  return (
    <article className="panel experiment-editor" data-testid="experiment-editor" data-experiment-id={record.id}>
      <header className="editor-header">
        <input className="title-input" aria-label="Experiment name" data-testid="experiment-name" value={name} onChange={(event) => setName(event.target.value)} />
        <span className="muted save-state" data-testid="save-state" data-saved={saved}>
          {saved ? 'Saved' : 'Saving…'}
        </span>
        <div className="actions">
          <button
            type="button"
            data-testid="inspect-experiment"
            disabled={!experiment}
            title={experiment ? 'See every number of the first training step of the freshly initialized network' : 'Fix the fields marked in red first'}
            onClick={() => void inspect()}
          >
            Inspect step 1
          </button>
          <button type="button" data-testid="clone-experiment" onClick={() => void clone()}>
            Clone
          </button>
          <button type="button" data-testid="export-experiment" onClick={() => downloadText(`${fileSafeName(name)}.experiment.json`, serializeExperiment(name, experiment ?? draft))}>
            Export JSON
          </button>
          <button type="button" data-testid="delete-experiment" onClick={() => void remove()}>
            Delete
          </button>
          <button type="button" className="primary" data-testid="train-experiment" disabled={!experiment} title={experiment ? undefined : 'Fix the fields marked in red first'} onClick={() => void train()}>
            Train
          </button>
        </div>
      </header>
      {message && (
        <p className="form-error" role="alert" data-testid="editor-message">
          {message}
        </p>
      )}
      {!experiment && (
        <p className="form-error" data-testid="editor-issues">
          {issues.size === 1 ? '1 field needs' : `${issues.size} fields need`} fixing before this experiment can train.
        </p>
      )}

      <div className="editor-body">
        <div className="editor-fields">
          <fieldset>
            <legend>Dataset</legend>
            <DatasetFields spec={draft.dataset} issues={issues} onChange={(spec) => setDraft(withDataset(draft, spec))} />
          </fieldset>

          <fieldset>
            <legend>Network</legend>
            <LayersEditor model={draft.model} dataset={dataset} issues={issues} onChange={(model) => setDraft({ ...draft, model })} />
            <div className="field-grid">
              <InitSelect label="Weight initializer (all layers)" testId="model-init" value={draft.model.init ?? SCHEMA_DEFAULTS.init} onChange={(init) => setDraft({ ...draft, model: { ...draft.model, init } })} issue={issueUnder(issues, 'model.init')} />
              <label className="field">
                Biases
                <select
                  data-testid="bias-init"
                  value={typeof draft.model.biasInit === 'object' && draft.model.biasInit.name === 'constant' ? 'constant' : 'zeros'}
                  onChange={(event) => setDraft({ ...draft, model: { ...draft.model, biasInit: event.target.value === 'constant' ? { name: 'constant', value: 0.1 } : 'zeros' } })}
                >
                  <option>zeros</option>
                  <option>constant</option>
                </select>
              </label>
              {typeof draft.model.biasInit === 'object' && draft.model.biasInit.name === 'constant' && (
                <NumberField
                  label="bias value"
                  testId="bias-value"
                  value={draft.model.biasInit.value}
                  issue={issues.get('model.biasInit.value')}
                  onChange={(value) => setDraft({ ...draft, model: { ...draft.model, biasInit: { name: 'constant', value: value as number } } })}
                />
              )}
            </div>
          </fieldset>

          <fieldset>
            <legend>Training</legend>
            <TrainingFields
              training={draft.training}
              inputs={dataset?.features}
              ownSplit={Boolean(dataset?.split)}
              regression={dataset?.target.kind === 'values'}
              issues={issues}
              onChange={(training) => setDraft({ ...draft, training })}
            />
          </fieldset>

          <label className="field notes">
            Notes
            <textarea data-testid="experiment-notes" rows={3} value={notes} placeholder="What this experiment tries, what you expect…" onChange={(event) => setNotes(event.target.value)} />
          </label>
        </div>

        <aside className="editor-side">
          {dataset && <DatasetPreview dataset={dataset} size={180} />}
          {dataset && (
            <p className="muted">
              {dataset.name}: {dataset.rows} rows · {dataset.features} features
              {dataset.target.kind === 'classes' ? ` · ${dataset.target.classes.length} classes` : ''}
            </p>
          )}
          <NetworkDiagram inputs={dataset?.features ?? 0} layers={draft.model.layers} />
        </aside>
      </div>
    </article>
  );
}
