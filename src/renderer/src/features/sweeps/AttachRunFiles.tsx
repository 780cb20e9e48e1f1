import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type ChangeEvent } from 'react';
import type { DatasetSpec } from '../../../../shared/schema/experiment';
import { useServices } from '../../app/services';
import type { SweepRecord } from '../../db/database';
import { loadBuiltinDataset } from '../datasets/builtin-dataset-loader';
import { SHIPPED_DATASETS, useImportedDatasets } from '../datasets/dataset-choices';
import { createDatasetLoader } from '../datasets/load-dataset';
import { readWeightsFile } from '../runs/read-weights-file';
import { describeIndexes } from './ImportedSweepNote';
import { importedRun, matchRunFiles, needsAppDataset, type AppDataset, type AttachPlan } from './attach-run-files';

// "Attach the weights folder": the folder `sweep --weights-dir` wrote (picked with the browser's
// folder picker, which the desktop app shows as its native folder dialog), matched to this
// imported sweep's runs, which then open, predict and compare like runs trained here. Runs trained
// on a file (a CSV path of the command line) are evaluated on a dataset of the app that the user
// picks; its features must be the ones the weights take.

export function AttachRunFiles({ sweep }: { sweep: SweepRecord }) {
  const { sweeps, datasets } = useServices();
  const runs = useLiveQuery(() => sweeps.runs(sweep.id), [sweep.id], []);
  const imported = useImportedDatasets();
  const options = [...SHIPPED_DATASETS, ...imported];
  const needsDataset = runs.some((run) => needsAppDataset(run.experiment.dataset));
  const [datasetId, setDatasetId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<AttachPlan | null>(null);
  const load = useMemo(() => createDatasetLoader(datasets, loadBuiltinDataset), [datasets]);
  const attachedBefore = runs.filter((run) => run.runId).length;

  async function attach(event: ChangeEvent<HTMLInputElement>) {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    if (!files.length) return;
    setBusy(true);
    setError(null);
    try {
      const entries = files.map((file) => ({ path: file.webkitRelativePath || file.name, size: file.size, text: () => file.text() }));
      const plan = await matchRunFiles(runs, entries, readWeightsFile);
      let dataset: AppDataset | undefined;
      if (needsDataset) {
        const option = options.find((candidate) => candidate.id === datasetId);
        if (!option) throw new Error('These runs were trained on a file by the command line: pick the dataset of the app that holds the same data first.');
        const spec: DatasetSpec = { stored: option.id };
        const data = await load(spec);
        const wanted = plan.attached.find((entry) => entry.weights)?.weights?.input.features;
        if (wanted && wanted.join('\u0000') !== data.featureNames.join('\u0000')) {
          const at = wanted.findIndex((name, i) => data.featureNames[i] !== name);
          throw new Error(
            `${option.label} does not hold the data these runs were trained on: their weights take ${wanted.length} features (${wanted.slice(0, 4).join(', ')}${wanted.length > 4 ? ', …' : ''}), it has ${data.featureNames.length}` +
              (at >= 0 ? `; feature ${at + 1} is ${JSON.stringify(wanted[at])} in the weights, ${JSON.stringify(data.featureNames[at] ?? 'missing')} in the dataset` : ''),
          );
        }
        dataset = { spec, name: option.label, normalized: data.normalization.kind };
      }
      const now = Date.now();
      await sweeps.attachRuns(
        sweep.id,
        plan.attached.flatMap((entry) => {
          const run = importedRun(entry, { id: entry.run.runId ?? crypto.randomUUID(), now, sweepName: sweep.name, dataset });
          return run ? [{ index: entry.run.index, run, epochs: entry.history ?? [], weights: entry.weights }] : [];
        }),
      );
      setReport(plan);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="sweep-attach" data-testid="sweep-attach">
      <p>
        {attachedBefore > 0
          ? `${attachedBefore} of these runs are attached: they open, predict and compare like runs trained here. Attach the folder again to update them.`
          : 'These runs were trained by the command line. To open, inspect, predict with and compare them, attach the folder their weights and histories were written to (sweep --weights-dir).'}
      </p>
      <div className="inline">
        {needsDataset && (
          <label>
            Their data in the app{' '}
            <select data-testid="sweep-attach-dataset" value={datasetId} onChange={(event) => setDatasetId(event.target.value)}>
              <option value="">pick a dataset…</option>
              {options.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="file-button">
          <input type="file" data-testid="sweep-attach-folder" disabled={busy} onChange={(event) => void attach(event)} {...{ webkitdirectory: '', directory: '' }} />
          <span>{busy ? 'Attaching…' : 'Attach the weights folder…'}</span>
        </label>
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="sweep-attach-error">
          {error}
        </p>
      )}
      {report && (
        <div className="sweep-attach-report" data-testid="sweep-attach-report" data-attached={report.attached.length} data-problems={report.problems.length} data-missing={report.missing.length}>
          <p>
            Attached {report.attached.length} run{report.attached.length === 1 ? '' : 's'} ({report.attached.filter((entry) => entry.history).length} with their epoch history)
            {report.ignored > 0 && `; ${report.ignored} other file${report.ignored === 1 ? '' : 's'} in the folder ignored`}.
          </p>
          {report.missing.length > 0 && <p data-testid="sweep-attach-missing">No weights file in the folder for runs {describeIndexes(report.missing.map((run) => run.index))}.</p>}
          {report.problems.length > 0 && (
            <ul className="form-error" data-testid="sweep-attach-problems">
              {report.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
