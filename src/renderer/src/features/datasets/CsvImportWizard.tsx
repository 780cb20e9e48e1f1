import { useEffect, useRef, useState } from 'react';
import type { ImportResult } from '../../../../shared/data/dataset-builder';
import type { CsvSniff } from '../../../../shared/data/csv-sniff';
import type { CsvReadingChoices } from '../../../../shared/data/import-csv';
import { MISSING_POLICIES, type ImportPlan, type MissingPolicy } from '../../../../shared/data/import-plan';
import type { NormalizationKind } from '../../../../shared/data/normalize';
import { buildCsvDataset, inspectCsv, type CsvInspection } from './csv-import-messages';
import { planProblems, setColumnMissing, setColumnRole, setColumnType } from './csv-plan-edits';
import { CsvColumnsEditor } from './CsvColumnsEditor';
import { CsvImportSummary } from './CsvImportSummary';
import { CsvNumberTrouble } from './CsvNumberTrouble';
import { CsvReadingFields, DEFAULT_READING } from './CsvReadingFields';
import { CsvPreviewTable } from './CsvPreviewTable';
import { ImportProgressBar } from './ImportProgressBar';
import { MISSING_LABELS } from './missing-labels';
import { SavingPanel } from './SavingPanel';
import { saveDataset } from './save-dataset';
import { DEFAULT_SPLIT_FIELDS, SplitFields, splitFromFields, type SplitFieldsState } from './SplitFields';
import type { ImportProgress, ImportTask, ImportTaskError } from './worker-task';

// Importing one CSV file: read it once in a worker to see its columns (progress bar), let the user
// review every suggestion, build the dataset in the worker (second pass), show what will be stored
// and why rows were dropped, and only then save it. Nothing is stored until "Save".

type Step =
  | { kind: 'reading' }
  | { kind: 'configure'; inspection: CsvInspection; plan: ImportPlan; error?: string; errorColumn?: string }
  | { kind: 'building'; inspection: CsvInspection; plan: ImportPlan }
  | { kind: 'summary'; inspection: CsvInspection; plan: ImportPlan; result: ImportResult }
  | { kind: 'saving'; name: string }
  /** The first reading failed: `sniff` is how the file was read when it got that far. */
  | { kind: 'failed'; message: string; sniff?: CsvSniff };

const NORMALIZATION_LABELS: Record<NormalizationKind, string> = {
  none: 'none',
  minmax: 'min-max to [0, 1]',
  standardize: 'standardize (mean 0, std 1)',
};

export function CsvImportWizard({ file, onClose }: { file: File; onClose(saved?: string): void }) {
  const [step, setStep] = useState<Step>({ kind: 'reading' });
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [split, setSplit] = useState<SplitFieldsState>(DEFAULT_SPLIT_FIELDS);
  const reading = useRef<CsvReadingChoices>({});
  const task = useRef<ImportTask<unknown> | null>(null);

  function run<T>(start: ImportTask<T>, onDone: (value: T) => void, onError: (message: string, column?: string, sniff?: CsvSniff) => void) {
    task.current?.cancel();
    setProgress(null);
    task.current = start as ImportTask<unknown>;
    start.result.then(onDone, (error: ImportTaskError) => {
      if (!error.cancelled) onError(error.message, error.column, error.sniff);
    });
  }

  /** Reads the file again with these reading choices on top of the ones made before. */
  function inspect(choices: CsvReadingChoices = {}) {
    // A choice that cannot read the file (too many lines skipped, say) goes back to the last good reading.
    const before = step.kind === 'configure' ? { step, reading: reading.current } : null;
    reading.current = { ...reading.current, ...choices };
    setStep({ kind: 'reading' });
    run(
      inspectCsv(file, reading.current, setProgress),
      (inspection) => setStep({ kind: 'configure', inspection, plan: inspection.plan }),
      (message, _column, sniff) => {
        // Nothing read yet: the choices stay (the user may need several) and are shown to change.
        if (!before) return setStep({ kind: 'failed', message, ...(sniff ? { sniff } : {}) });
        reading.current = before.reading;
        setStep({ ...before.step, error: message });
      },
    );
  }

  useEffect(() => {
    inspect();
    return () => task.current?.cancel();
  }, [file]);

  if (step.kind === 'failed') {
    const { sniff } = step;
    return (
      <section className="panel wizard" data-testid="csv-wizard" data-step="failed">
        <h2>Import {file.name}</h2>
        <p className="form-error" role="alert" data-testid="import-error">
          {step.message}
        </p>
        <p className="muted">
          {sniff ? 'How the file was read is below' : 'Nothing could be detected; the usual way of reading a CSV file is below'}: change it and the file is read
          again.
        </p>
        <CsvReadingFields sniff={{ ...DEFAULT_READING, ...sniff, ...reading.current }} onChange={inspect} />
        {sniff && (
          <CsvPreviewTable
            rows={sniff.preview}
            skipped={sniff.skipped}
            hasHeader={sniff.hasHeader}
            columns={sniff.hasHeader ? sniff.preview[0] : sniff.preview[0].map((_, j) => `column ${j + 1}`)}
          />
        )}
        <div className="wizard-actions">
          <button type="button" onClick={() => onClose()}>
            Cancel
          </button>
        </div>
      </section>
    );
  }

  if (step.kind === 'saving') return <SavingPanel dialog="csv-wizard" name={step.name} progress={progress} />;

  if (step.kind === 'reading' || step.kind === 'building') {
    return (
      <section className="panel wizard" data-testid="csv-wizard" data-step={step.kind}>
        <h2>Import {file.name}</h2>
        <p className="muted">{step.kind === 'reading' ? 'Reading the file to see its columns…' : 'Building the dataset…'}</p>
        <ImportProgressBar
          progress={progress}
          unit="bytes"
          onCancel={() => {
            task.current?.cancel();
            if (step.kind === 'building') setStep({ kind: 'configure', inspection: step.inspection, plan: step.plan });
            else onClose();
          }}
        />
      </section>
    );
  }

  const { inspection, plan } = step;
  const { sniff, profile, inference } = inspection;

  if (step.kind === 'summary') {
    async function save() {
      if (step.kind !== 'summary') return;
      // The numbers leave for the saving worker: nothing may read them here any more.
      setStep({ kind: 'saving', name: plan.name });
      setProgress(null);
      try {
        const record = await saveDataset({
          dataset: { ...step.result.dataset, name: plan.name },
          source: { kind: 'csv', fileName: file.name, plan, report: step.result.report },
        }, setProgress);
        onClose(record.id);
      } catch (error) {
        // Nothing was saved and the numbers are gone: back to the choices, to build them again.
        setStep({ kind: 'configure', inspection, plan, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return (
      <section className="panel wizard" data-testid="csv-wizard" data-step="summary">
        <h2>Import {file.name}: check before saving</h2>
        <CsvImportSummary report={step.result.report} />
        <div className="wizard-actions">
          <button type="button" onClick={() => setStep({ kind: 'configure', inspection, plan })}>
            Back
          </button>
          <button type="button" className="primary" onClick={save} data-testid="csv-save">
            Save “{plan.name}”
          </button>
        </div>
      </section>
    );
  }

  const update = (next: ImportPlan, error?: string) => setStep({ kind: 'configure', inspection, plan: next, ...(error ? { error } : {}) });
  const problems = planProblems(plan);
  const targets = plan.columns.filter((c) => c.role === 'target');
  const target = targets[0];
  const targetList = targets.map((c) => `'${c.name}'`).join(', ');
  const anyMissing = inference.columns.some((c, j) => c.missing > 0 && plan.columns[j].role !== 'ignore');

  function build() {
    const fractions = splitFromFields(split);
    if ('error' in fractions) return update({ ...plan }, fractions.error);
    const chosen = { ...plan, split: fractions };
    setStep({ kind: 'building', inspection, plan: chosen });
    run(
      buildCsvDataset(file, chosen, profile.rows, setProgress),
      (result) => setStep({ kind: 'summary', inspection, plan: chosen, result }),
      (message, column) => setStep({ kind: 'configure', inspection, plan: chosen, error: message, errorColumn: column }),
    );
  }

  return (
    <section className="panel wizard" data-testid="csv-wizard" data-step="configure">
      <h2>Import {file.name}</h2>
      <p className="muted" data-testid="csv-shape">
        {profile.rows.toLocaleString('en-US')} rows · {plan.columns.length.toLocaleString('en-US')} column{plan.columns.length === 1 ? '' : 's'}{inspection.gzip ? ' · gzip-compressed' : ''}
      </p>

      <CsvReadingFields sniff={sniff} onChange={inspect} />
      <CsvPreviewTable rows={sniff.preview} skipped={sniff.skipped} hasHeader={plan.hasHeader} columns={plan.columns.map((c) => c.name)} />
      <CsvNumberTrouble profile={profile} plan={plan} onFormat={(format) => inspect(format)} />

      <h3>Columns</h3>
      <CsvColumnsEditor
        plan={plan}
        profile={profile}
        inference={inference}
        errorColumn={step.errorColumn}
        edit={{
          role: (j, role, alsoTarget) => update(setColumnRole(plan, profile, j, role, { alsoTarget })),
          type: (j, type) => update(setColumnType(plan, profile, j, type)),
          missing: (j, missing) => update(setColumnMissing(plan, j, missing)),
        }}
      />

      <div className="wizard-options">
        <label>
          Name
          <input data-testid="csv-name" value={plan.name} maxLength={200} onChange={(e) => update({ ...plan, name: e.target.value })} />
        </label>
        <label>
          Task
          <select data-testid="csv-task" value={plan.task} onChange={(e) => update({ ...plan, task: e.target.value as ImportPlan['task'] })}>
            <option value="classification" disabled={targets.length > 1}>
              classification{target ? ` of '${target.name}'` : ''}
            </option>
            <option value="regression" disabled={targets.some((c) => c.type === 'categorical')}>
              regression{targets.length ? ` of ${targetList}` : ''}
            </option>
          </select>
        </label>
        <label className={anyMissing ? 'attention' : undefined}>
          Missing or bad values
          <select data-testid="csv-missing" value={plan.missing} onChange={(e) => update({ ...plan, missing: e.target.value as MissingPolicy })}>
            {MISSING_POLICIES.map((policy) => (
              <option key={policy} value={policy}>
                {MISSING_LABELS[policy]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Normalization
          <select
            data-testid="csv-normalization"
            value={plan.normalization}
            onChange={(e) => update({ ...plan, normalization: e.target.value as NormalizationKind })}
         >
            {(Object.keys(NORMALIZATION_LABELS) as NormalizationKind[]).map((kind) => (
              <option key={kind} value={kind}>
                {NORMALIZATION_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        <SplitFields fields={split} onChange={setSplit} prefix="csv" />
      </div>
      <p className="muted hint">
        {plan.task === 'classification' ? 'The split keeps each class in the same proportions. ' : ''}
        Missing values are filled and normalization is fitted on the training rows only.
      </p>

      {(problems.length > 0 || step.error) && (
        <div className="form-error" role="alert" data-testid="import-error">
          {step.error ?? problems.map((p) => <p key={p}>{p}</p>)}
        </div>
      )}
      <div className="wizard-actions">
        <button type="button" onClick={() => onClose()}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={build} disabled={problems.length > 0} data-testid="csv-check">
          Check import
        </button>
      </div>
    </section>
  );
}
