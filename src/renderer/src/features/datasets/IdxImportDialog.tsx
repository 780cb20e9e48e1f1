import { useEffect, useRef, useState } from 'react';
import { importIdx, type IdxImportResult } from './idx-import-messages';
import { ImportProgressBar } from './ImportProgressBar';
import { DEFAULT_SPLIT_FIELDS, SplitFields, splitFromFields, type SplitFieldsState } from './SplitFields';
import { SavingPanel } from './SavingPanel';
import { saveDataset } from './save-dataset';
import type { ImportProgress, ImportTask } from './worker-task';

// Importing a pair of MNIST-format IDX files (images + labels, raw or .gz): choose the class
// names and the split, read them in a worker, check the result, save.

type Step = { kind: 'options'; error?: string } | { kind: 'reading' } | { kind: 'summary'; result: IdxImportResult } | { kind: 'saving'; name: string };

const baseName = (files: File[]) => files[0].name.replace(/[-.](images?|labels?)?[-.]?idx\d?[-.]ubyte(\.gz)?$|\.gz$/i, '') || files[0].name;

export function IdxImportDialog({ files, onClose }: { files: [File, File]; onClose(): void }) {
  const [step, setStep] = useState<Step>({ kind: 'options' });
  const [name, setName] = useState(() => baseName(files));
  const [classes, setClasses] = useState<'auto' | 'fashion-mnist' | 'digits'>('auto');
  const [split, setSplit] = useState<SplitFieldsState>(DEFAULT_SPLIT_FIELDS);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const task = useRef<ImportTask<IdxImportResult> | null>(null);
  useEffect(() => () => task.current?.cancel(), []);

  function start() {
    const fractions = splitFromFields(split);
    if ('error' in fractions) return setStep({ kind: 'options', error: fractions.error });
    if (name.trim() === '') return setStep({ kind: 'options', error: 'Name: a dataset needs a name' });
    setStep({ kind: 'reading' });
    setProgress(null);
    task.current = importIdx({ files, name: name.trim(), classes, ...fractions }, setProgress);
    task.current.result.then(
      (result) => setStep({ kind: 'summary', result }),
      (error: Error & { cancelled?: boolean }) => setStep({ kind: 'options', ...(error.cancelled ? {} : { error: error.message }) }),
    );
  }

  async function save(result: IdxImportResult) {
    // The numbers leave for the saving worker: nothing may read them here any more.
    setStep({ kind: 'saving', name: result.dataset.name });
    setProgress(null);
    try {
      await saveDataset({
        dataset: result.dataset,
        source: { kind: 'idx', imagesFile: result.imagesFile, labelsFile: result.labelsFile, report: { images: result.dataset.rows, height: result.height, width: result.width } },
      }, setProgress);
      onClose();
    } catch (error) {
      // Nothing was saved and the numbers are gone: back to the options, to read the files again.
      setStep({ kind: 'options', error: error instanceof Error ? error.message : String(error) });
    }
  }

  const title = `Import ${files.map((f) => f.name).join(' + ')}`;
  if (step.kind === 'saving') return <SavingPanel dialog="idx-dialog" name={step.name} progress={progress} />;
  if (step.kind === 'reading') {
    return (
      <section className="panel wizard" data-testid="idx-dialog" data-step="reading">
        <h2>{title}</h2>
        <ImportProgressBar progress={progress} unit="items" onCancel={() => task.current?.cancel()} />
      </section>
    );
  }
  if (step.kind === 'summary') {
    const { dataset, height, width } = step.result;
    const target = dataset.target.kind === 'classes' ? dataset.target : null;
    const counts = target ? target.classes.map((c, k) => `${c} (${target.labels.filter((l) => l === k).length})`) : [];
    return (
      <section className="panel wizard" data-testid="idx-dialog" data-step="summary">
        <h2>{title}: check before saving</h2>
        <div className="import-summary" data-testid="idx-summary">
          <p>
            <strong>{dataset.rows.toLocaleString('en-US')} images</strong> of {height}×{width} pixels · {dataset.features} features in [0, 1]
          </p>
          <p className="muted">Classes: {counts.join(', ')}</p>
          <p className="muted">
            Split:{' '}
            {dataset.split
              ? `${dataset.split.train.length} train · ${dataset.split.validation.length} validation · ${dataset.split.test?.length ?? 0} test`
              : 'none (runs hold out their validation rows)'}
          </p>
        </div>
        <div className="wizard-actions">
          <button type="button" onClick={() => setStep({ kind: 'options' })}>
            Back
          </button>
          <button type="button" className="primary" onClick={() => save(step.result)} data-testid="idx-save">
            Save “{dataset.name}”
          </button>
        </div>
      </section>
    );
  }
  return (
    <section className="panel wizard" data-testid="idx-dialog" data-step="options">
      <h2>{title}</h2>
      <p className="muted">MNIST-format files: one with the images, one with the labels, raw or gzipped.</p>
      <div className="wizard-options">
        <label>
          Name
          <input data-testid="idx-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Class names
          <select data-testid="idx-classes" value={classes} onChange={(e) => setClasses(e.target.value as typeof classes)}>
            <option value="auto">from the file names</option>
            <option value="fashion-mnist">Fashion-MNIST (T-shirt/top … Ankle boot)</option>
            <option value="digits">digits 0–9</option>
          </select>
        </label>
        <SplitFields fields={split} onChange={setSplit} prefix="idx" />
      </div>
      {step.error && (
        <p className="form-error" role="alert" data-testid="import-error">
          {step.error}
        </p>
      )}
      <div className="wizard-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={start} data-testid="idx-start">
          Read files
        </button>
      </div>
    </section>
  );
}
