import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import type { ExportDType } from '../../../../shared/export/portable-model';
import { EXPORT_FORMATS, EXPORT_FORMAT_NAMES, type ExportFormat } from '../../../../shared/export/export-formats';
import type { ExportVerification, Score } from '../../../../shared/export/verify-export';
import { useServices } from '../../app/services';
import type { RunRecord, RunWeightsRecord } from '../../db/database';
import { downloadFile, fileSafeName } from '../../files/download';
import type { ImportProgress, ImportTask } from '../datasets/worker-task';
import type { ExportResult, ExportSplit } from './export-request';
import { startExport } from './start-export';
import './export.css';

// Exporting a run's network to ONNX, NumPy, safetensors or weights JSON. The file is written and
// read back through its format's own runtime or reader in a worker, on a split of the run's data;
// the dialog shows how far the export's predictions are from the workbench's and both scores.
// A file that agrees is saved at once; one that does not is flagged and saved only if asked.

type Step =
  | { kind: 'options'; error?: string }
  | { kind: 'working'; progress: ImportProgress | null }
  | { kind: 'done'; result: ExportResult; fileName: string; saved: boolean };

const SPLIT_LABELS: Record<ExportSplit, string> = { validation: 'Validation rows', train: 'Training rows', test: 'Test rows' };

function scoreText(score: Score): string {
  return 'accuracy' in score ? `${(100 * score.accuracy).toFixed(2)}%` : `R² ${score.r2.toFixed(6)}, RMSE ${score.rmse.toPrecision(6)}`;
}

function Figures({ verification: v, reader }: { verification: ExportVerification; reader: string }) {
  const metric = v.workbench && 'accuracy' in v.workbench ? 'Accuracy' : 'R²';
  return (
    <dl className="export-figures" data-testid="export-figures">
      <div>
        <dt>Read back with</dt>
        <dd data-testid="export-reader">
          {reader}, on {v.source}
        </dd>
      </div>
      <div>
        <dt>Largest difference</dt>
        <dd data-testid="export-max-difference" data-value={v.maxAbsDifference}>
          {v.maxAbsDifference.toExponential(2)} <span className="muted">(allowed {v.tolerance.toExponential(0)} × max(1, |output|) in {v.dtype})</span>
        </dd>
      </div>
      {v.workbench && v.exported && (
        <div>
          <dt>{metric}</dt>
          <dd>
            workbench <strong data-testid="export-score-workbench">{scoreText(v.workbench)}</strong> · export{' '}
            <strong data-testid="export-score-exported">{scoreText(v.exported)}</strong>
          </dd>
        </div>
      )}
      {v.classChanges !== undefined && (
        <div>
          <dt>Rows changing class</dt>
          <dd data-testid="export-class-changes">
            {v.classChanges} of {v.rows}
          </dd>
        </div>
      )}
    </dl>
  );
}

/** The splits the run has: validation when it held rows out or its stored dataset has one, test when it was imported with one. */
function useSplits(run: RunRecord): ExportSplit[] {
  const { datasets } = useServices();
  const spec = run.experiment.dataset;
  const storedId = 'stored' in spec ? spec.stored : null;
  const split = useLiveQuery(async () => (storedId ? ((await datasets.get(storedId))?.split ?? null) : null), [storedId], null);
  return [
    ...(run.experiment.training.validationSplit > 0 || (split?.validation ?? 0) > 0 ? ['validation' as const] : []),
    'train',
    ...((split?.test ?? 0) > 0 ? ['test' as const] : []),
  ];
}

export function ExportDialog({ run, weights, onClose }: { run: RunRecord; weights: RunWeightsRecord; onClose(): void }) {
  const [which, setWhich] = useState<'final' | 'best'>('final');
  const [format, setFormat] = useState<ExportFormat>('onnx');
  const [dtype, setDtype] = useState<ExportDType>('float32');
  const splits = useSplits(run);
  const [picked, setSplit] = useState<ExportSplit | null>(null);
  const split = picked !== null && splits.includes(picked) ? picked : splits[0];
  const [step, setStep] = useState<Step>({ kind: 'options' });
  const task = useRef<ImportTask<ExportResult> | null>(null);
  useEffect(() => () => task.current?.cancel(), []);
  const float64 = run.experiment.training.dtype === 'float64';
  const hasBest = weights.best && run.bestEpoch !== undefined && run.bestEpoch !== run.epochsDone;

  function save(result: ExportResult, fileName: string) {
    downloadFile(fileName, result.bytes as Uint8Array<ArrayBuffer>, EXPORT_FORMATS[result.verification.format].mime);
    setStep({ kind: 'done', result, fileName, saved: true });
  }

  function start() {
    const file = which === 'best' ? weights.best : weights.final;
    if (!file) return;
    const fileName = `${fileSafeName(run.name)}${which === 'best' ? '.best' : ''}.${EXPORT_FORMATS[format].extension}`;
    setStep({ kind: 'working', progress: null });
    task.current = startExport(
      { weights: file, experiment: run.experiment, format, dtype: format === 'json' ? 'float64' : dtype, split, fileName },
      (progress) => setStep({ kind: 'working', progress }),
    );
    task.current.result.then(
      (result) => (result.verification.agrees ? save(result, fileName) : setStep({ kind: 'done', result, fileName, saved: false })),
      (error: Error & { cancelled?: boolean }) => setStep({ kind: 'options', ...(error.cancelled ? {} : { error: error.message }) }),
    );
  }

  return (
    <section className="panel export-dialog" data-testid="export-dialog" data-step={step.kind}>
      <header className="export-header">
        <h3>Export the network</h3>
        <button type="button" onClick={onClose} data-testid="export-close">
          Close
        </button>
      </header>
      {step.kind === 'options' && (
        <>
          <div className="export-options">
            <label>
              Format
              <select value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)} data-testid="export-format">
                {EXPORT_FORMAT_NAMES.map((name) => (
                  <option key={name} value={name}>
                    {EXPORT_FORMATS[name].label}
                  </option>
                ))}
              </select>
            </label>
            {hasBest && (
              <label>
                Weights
                <select value={which} onChange={(event) => setWhich(event.target.value as 'final' | 'best')} data-testid="export-weights-choice">
                  <option value="final">Final (epoch {run.epochsDone})</option>
                  <option value="best">Best (epoch {run.bestEpoch})</option>
                </select>
              </label>
            )}
            {format !== 'json' && (
              <label title={float64 ? undefined : 'This run trained in float32: a float64 file would only widen the same numbers'}>
                Numbers
                <select value={dtype} onChange={(event) => setDtype(event.target.value as ExportDType)} data-testid="export-dtype" disabled={!float64}>
                  <option value="float32">float32</option>
                  {float64 && <option value="float64">float64 (as trained)</option>}
                </select>
              </label>
            )}
            <label>
              Check on
              <select value={split} onChange={(event) => setSplit(event.target.value as ExportSplit)} data-testid="export-split">
                {splits.map((name) => (
                  <option key={name} value={name}>
                    {SPLIT_LABELS[name]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <p className="muted">
            The file is read back through {format === 'onnx' ? 'ONNX Runtime (loaded now, from this app)' : `the ${EXPORT_FORMATS[format].label} reader`} and its predictions compared
            with the workbench's before it is saved.
          </p>
          {step.error && (
            <p className="form-error" role="alert" data-testid="export-error">
              {step.error}
            </p>
          )}
          <div className="actions">
            <button type="button" className="primary" onClick={start} data-testid="export-start">
              Export and verify
            </button>
          </div>
        </>
      )}
      {step.kind === 'working' && (
        <div className="export-progress" data-testid="export-progress">
          <span>{step.progress?.phase ?? 'Starting'}…</span>
          <button type="button" onClick={() => task.current?.cancel()}>
            Stop
          </button>
        </div>
      )}
      {step.kind === 'done' && (
        <>
          <p className={step.result.verification.agrees ? 'export-verdict export-agrees' : 'form-error'} data-testid="export-verdict" data-agrees={step.result.verification.agrees}>
            {step.result.verification.agrees
              ? `${step.fileName} agrees with the workbench${step.saved ? ' and was saved' : ''}.`
              : `${step.fileName} disagrees with the workbench beyond ${step.result.verification.dtype} rounding, so it was not saved.`}
          </p>
          <Figures verification={step.result.verification} reader={step.result.reader} />
          {step.result.snippet && (
            <>
              <p className="muted">PyTorch code that loads it:</p>
              <pre className="export-snippet" data-testid="export-snippet">
                {step.result.snippet}
              </pre>
            </>
          )}
          <div className="actions">
            {!step.saved && (
              <button type="button" onClick={() => save(step.result, step.fileName)} data-testid="export-save-anyway">
                Save anyway
              </button>
            )}
            <button type="button" onClick={() => setStep({ kind: 'options' })} data-testid="export-again">
              Export another
            </button>
          </div>
        </>
      )}
    </section>
  );
}
