import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ChangeEvent } from 'react';
import { navigate, routeHref } from '../../app/routes';
import { useServices } from '../../app/services';
import { readTextFile } from '../../files/read-file';
import { formatWhen } from '../../components/format';
import { RunsList } from '../../components/RunsList';
import { DEFAULT_DRAFT, describeDraft } from './experiment-draft';
import { parseExperimentFile } from './experiment-file';
import { ExperimentEditor } from './ExperimentEditor';
import { TUTORIAL_EXAMPLES, type TutorialExample } from './tutorial-examples';

// Saved experiments on the left (new, import, the tutorials' examples), the selected one in the
// editor, and the runs started from it below.

export function ExperimentsPage({ selectedId }: { selectedId?: string }) {
  const { experiments, runs } = useServices();
  const all = useLiveQuery(() => experiments.list(), []);
  const selected = all?.find((record) => record.id === selectedId);
  const allRuns = useLiveQuery(() => runs.list(), []);
  const ownRuns = allRuns?.filter((run) => run.experimentId === selectedId);
  const runCount = (id: string) => allRuns?.filter((run) => run.experimentId === id).length ?? 0;
  const [importError, setImportError] = useState<string | null>(null);

  async function create() {
    const record = await experiments.create({ name: `Experiment ${(all?.length ?? 0) + 1}`, experiment: structuredClone(DEFAULT_DRAFT) });
    navigate({ page: 'experiments', id: record.id });
  }

  async function createExample(example: TutorialExample) {
    const record = await experiments.create({ name: example.name, notes: example.description, experiment: structuredClone(example.experiment) });
    navigate({ page: 'experiments', id: record.id });
  }

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      const { name, experiment } = parseExperimentFile(file.name, await readTextFile(file));
      const record = await experiments.create({ name, experiment });
      setImportError(null);
      navigate({ page: 'experiments', id: record.id });
    } catch (error) {
      setImportError(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <section className="page experiments-page" data-testid="experiments-page">
      <nav className="panel experiment-list">
        <div className="list-actions">
          <button type="button" className="primary" data-testid="new-experiment" onClick={() => void create()}>
            New experiment
          </button>
          <label className="button-like">
            Import JSON…
            <input type="file" accept=".json,application/json" data-testid="import-experiment" onChange={(event) => void importFile(event)} hidden />
          </label>
        </div>
        {importError && (
          <p className="form-error" role="alert" data-testid="import-error">
            {importError}
          </p>
        )}
        <ul data-testid="experiment-list">
          {all?.map((record) => (
            <li key={record.id} className={record.id === selectedId ? 'selected' : undefined} data-testid="experiment-item" data-experiment-id={record.id}>
              <a href={routeHref({ page: 'experiments', id: record.id })}>{record.name || 'Untitled'}</a>
              <span className="when">
                {describeDraft(record.experiment)} · {runCount(record.id)} run{runCount(record.id) === 1 ? '' : 's'} · {formatWhen(record.updatedAt)}
              </span>
            </li>
          ))}
        </ul>
        {all?.length === 0 && <p className="muted">No experiments yet.</p>}
        <h3 className="examples-title">From the tutorials</h3>
        <ul className="tutorial-examples" data-testid="tutorial-examples">
          {TUTORIAL_EXAMPLES.map((example) => (
            <li key={example.id} title={example.description}>
              <button type="button" className="link-button" data-testid={`example-${example.id}`} onClick={() => void createExample(example)}>
                {example.name}
              </button>
              <span className="when">{describeDraft(example.experiment)}</span>
            </li>
          ))}
        </ul>
      </nav>
      <div className="experiments-main">
        {selected ? (
          <>
            <ExperimentEditor key={selected.id} record={selected} />
            {ownRuns && ownRuns.length > 0 && <RunsList runs={ownRuns} title="Runs of this experiment" />}
          </>
        ) : (
          all && (
            <div className="panel empty-state" data-testid="experiments-empty">
              {selectedId
                ? 'This experiment does not exist (any more).'
                : 'An experiment is a dataset, a network and how to train it. Create one, or import an experiment JSON file (the format the command line reads), then press Train.'}
            </div>
          )
        )}
      </div>
    </section>
  );
}
