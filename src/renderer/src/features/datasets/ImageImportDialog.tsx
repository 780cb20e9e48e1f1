import { useEffect, useMemo, useRef, useState } from 'react';
import { IMAGE_BACKGROUNDS, MAX_IMAGE_SIDE, type ImageBackground, type ImageColor } from '../../../../shared/data/image-dataset-builder';
import { listImageFolder, type ImageFolderListing } from '../../../../shared/data/image-folder';
import type { ImageImportSummary } from '../../db/database';
import { folderNameOf, type FolderFile } from './folder-files';
import { ImageImportDetails } from './ImageImportDetails';
import { importImages, type ImageImportResult } from './image-import-messages';
import { ImageThumbnails } from './ImageThumbnails';
import { ImportProgressBar } from './ImportProgressBar';
import { DEFAULT_SPLIT_FIELDS, SplitFields, splitFromFields, type SplitFieldsState } from './SplitFields';
import { SavingPanel } from './SavingPanel';
import { saveDataset } from './save-dataset';
import type { ImportProgress, ImportTask } from './worker-task';

// Importing a folder with one subfolder of images per class: the listing (classes, files that
// are not images, empty class folders) is shown first; then size, colour and split are chosen,
// the images decoded in a worker, and the result shown as thumbnails per class with every skipped
// file named, before anything is saved.

type Step = { kind: 'options'; error?: string } | { kind: 'decoding' } | { kind: 'summary'; result: ImageImportResult; summary: ImageImportSummary } | { kind: 'saving'; name: string };

const SIZES = ['28', '32', '64', 'custom'] as const;

function listing(files: FolderFile[], folders: string[]): ImageFolderListing | { error: string } {
  try {
    return listImageFolder([...files.map((f) => f.path), ...folders], { folderName: folderNameOf(files), includesRoot: true });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export function ImageImportDialog({ files, folders = [], onClose }: { files: FolderFile[]; folders?: string[]; onClose(): void }) {
  const folder = folderNameOf(files);
  const listed = useMemo(() => listing(files, folders), [files, folders]);
  const [step, setStep] = useState<Step>({ kind: 'options' });
  const [name, setName] = useState(folder);
  const [size, setSize] = useState<(typeof SIZES)[number]>('28');
  const [customSize, setCustomSize] = useState('48');
  const [color, setColor] = useState<ImageColor>('grayscale');
  const [background, setBackground] = useState<ImageBackground>('white');
  const [split, setSplit] = useState<SplitFieldsState>(DEFAULT_SPLIT_FIELDS);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const task = useRef<ImportTask<ImageImportResult> | null>(null);
  useEffect(() => () => task.current?.cancel(), []);

  if ('error' in listed) {
    return (
      <section className="panel wizard" data-testid="image-dialog" data-step="failed">
        <h2>Import folder {folder}</h2>
        <p className="form-error" role="alert" data-testid="import-error">
          {listed.error}
        </p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </section>
    );
  }

  const side = size === 'custom' ? Number(customSize) : Number(size);
  const imageCount = listed.classes.reduce((n, c) => n + c.files.length, 0);

  function start() {
    if ('error' in listed) return;
    const fractions = splitFromFields(split);
    if ('error' in fractions) return setStep({ kind: 'options', error: fractions.error });
    if (!Number.isInteger(side) || side < 1 || side > MAX_IMAGE_SIDE) return setStep({ kind: 'options', error: `Size: expected a whole number of pixels from 1 to ${MAX_IMAGE_SIDE}` });
    if (name.trim() === '') return setStep({ kind: 'options', error: 'Name: a dataset needs a name' });
    const byPath = new Map(files.map((f) => [f.path, f]));
    setStep({ kind: 'decoding' });
    setProgress(null);
    task.current = importImages(
      { name: name.trim(), classes: listed.classes.map((c) => ({ name: c.name, files: c.files.map((path) => byPath.get(path)!) })), size: side, color, background, split: fractions },
      setProgress,
    );
    task.current.result.then(
      (result) => {
        const summary: ImageImportSummary = {
          size: side,
          color,
          images: result.report.images,
          perClass: result.report.perClass,
          skipped: [...listed.skipped, ...result.report.skipped],
          emptyClasses: [...new Set([...listed.emptyClasses, ...result.report.droppedClasses])].sort(),
          transparent: result.report.transparent,
        };
        setStep({ kind: 'summary', result, summary });
      },
      (error: Error & { cancelled?: boolean }) => setStep({ kind: 'options', ...(error.cancelled ? {} : { error: error.message }) }),
    );
  }

  async function save(result: ImageImportResult, summary: ImageImportSummary) {
    // The numbers leave for the saving worker: nothing may read them here any more.
    setStep({ kind: 'saving', name: result.dataset.name });
    setProgress(null);
    try {
      await saveDataset({ dataset: result.dataset, source: { kind: 'images', folder, report: summary } }, setProgress);
      onClose();
    } catch (error) {
      // Nothing was saved and the numbers are gone: back to the options, to decode the images again.
      setStep({ kind: 'options', error: error instanceof Error ? error.message : String(error) });
    }
  }

  if (step.kind === 'saving') return <SavingPanel dialog="image-dialog" name={step.name} progress={progress} />;

  if (step.kind === 'decoding') {
    return (
      <section className="panel wizard" data-testid="image-dialog" data-step="decoding">
        <h2>Import folder {folder}</h2>
        <ImportProgressBar progress={progress} unit="items" onCancel={() => task.current?.cancel()} />
      </section>
    );
  }

  if (step.kind === 'summary') {
    const { result, summary } = step;
    return (
      <section className="panel wizard" data-testid="image-dialog" data-step="summary">
        <h2>Import folder {folder}: check before saving</h2>
        <ImageImportDetails report={summary} />
        <ImageThumbnails dataset={result.dataset} side={summary.size} channels={summary.color === 'rgb' ? 3 : 1} />
        <div className="wizard-actions">
          <button type="button" onClick={() => setStep({ kind: 'options' })}>
            Back
          </button>
          <button type="button" className="primary" onClick={() => save(result, summary)} data-testid="image-save">
            Save “{result.dataset.name}”
          </button>
        </div>
      </section>
    );
  }

  const channels = color === 'rgb' ? 3 : 1;
  return (
    <section className="panel wizard" data-testid="image-dialog" data-step="options">
      <h2>Import folder {folder}</h2>
      <p className="muted" data-testid="image-listing">
        {imageCount} images in {listed.classes.length} classes: {listed.classes.map((c) => `${c.name} (${c.files.length})`).join(', ')}
        {listed.skipped.length > 0 ? ` · ${listed.skipped.length} other files will be skipped` : ''}
        {listed.emptyClasses.length > 0 ? ` · empty class folders: ${listed.emptyClasses.join(', ')}` : ''}
      </p>
      <div className="wizard-options">
        <label>
          Name
          <input data-testid="image-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Size
          <select data-testid="image-size" value={size} onChange={(e) => setSize(e.target.value as typeof size)}>
            {SIZES.map((s) => (
              <option key={s} value={s}>
                {s === 'custom' ? 'custom…' : `${s}×${s}`}
              </option>
            ))}
          </select>
        </label>
        {size === 'custom' && (
          <label>
            Side (pixels)
            <input data-testid="image-custom-size" inputMode="numeric" value={customSize} onChange={(e) => setCustomSize(e.target.value)} />
          </label>
        )}
        <label>
          Colour
          <select data-testid="image-color" value={color} onChange={(e) => setColor(e.target.value as ImageColor)}>
            <option value="grayscale">grayscale</option>
            <option value="rgb">RGB</option>
          </select>
        </label>
        <label>
          Transparent pixels on
          <select data-testid="image-background" value={background} onChange={(e) => setBackground(e.target.value as ImageBackground)}>
            {IMAGE_BACKGROUNDS.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <SplitFields fields={split} onChange={setSplit} prefix="image" />
      </div>
      <p className="muted hint">
        Each image is cropped to its centred square and resized to {Number.isFinite(side) ? `${side}×${side}` : 'the chosen size'}; pixels become
        features in [0, 1] ({Number.isFinite(side) ? (side * side * channels).toLocaleString('en-US') : '?'} per image). Hidden files are ignored.
      </p>
      {step.error && (
        <p className="form-error" role="alert" data-testid="import-error">
          {step.error}
        </p>
      )}
      <div className="wizard-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={start} data-testid="image-start">
          Decode {imageCount} images
        </button>
      </div>
    </section>
  );
}
