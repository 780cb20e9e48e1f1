import { basename, dirname, resolve } from 'node:path';
import { csvTargets, type Experiment } from '../shared/schema/experiment';
import type { Dataset } from '../shared/data/dataset';
import { idxClassNames, readIdxDataset } from '../shared/data/idx';
import { describeFormat } from '../shared/data/csv-values';
import { importCsv, type CsvImport } from '../shared/data/import-csv';
import { describeTrouble } from '../shared/data/number-trouble';
import { resolveSyntheticDataset } from '../shared/data/synthetic';
import { csvFileSource } from './csv-file-source';
import { csvReadingChoices, delimiterName } from './csv-reading';
import { readBytes } from './files';
import { loadImageFolder } from './load-image-folder';

// Resolves an experiment's dataset spec from disk. Paths are relative to the experiment file, so an
// experiment and its data can move together. CSV files go through the app's import pipeline (same
// inference, one-hot encoding, missing-value policies and messages), streamed from disk in its two
// passes. When a CSV needs statistics (normalization, filled values) it is split here with the
// run's seed, because the statistics must come from the training rows only; the split travels
// with the dataset so the engine validates on exactly the rows the statistics never saw. Image
// folders decode PNG only (see load-image-folder.ts).

type CsvSpec = Extract<Experiment['dataset'], { csv: string }>;

/** Whether the loaded CSV dataset depends on the run's seed and validation split (see above). */
export function csvUsesRunSplit(spec: CsvSpec): boolean {
  return (spec.normalize ?? 'none') !== 'none' || spec.missing === 'mean' || spec.missing === 'mostFrequent';
}

/** How the file was read (what was detected, so a wrong guess is seen before training), and what was not read. */
export function csvReadingNotes({ plan, report, sniff }: CsvImport): string[] {
  const delimiter = delimiterName(plan.delimiter);
  const header = plan.hasHeader ? `header on line ${plan.skipLines + 1}` : 'no header row';
  const skipped = plan.skipLines > 0 ? `, skipped ${plan.skipLines === 1 ? `line 1 ("${sniff.skipped[0]?.slice(0, 60) ?? ''}")` : `lines 1–${plan.skipLines}`}` : '';
  const encoding = `${plan.encoding}${sniff.bom ? ' with BOM' : ''}`;
  const notes = [
    `${plan.fileName}: ${delimiter}-separated, ${encoding}, ${header}${skipped}, ${describeFormat(plan)}; ${report.rowsKept} of ${report.rowsRead} rows kept, ${report.features} features`,
  ];
  for (const t of report.numberTrouble) notes.push(`${plan.fileName}, ${describeTrouble(t.column, t)}`);
  return notes;
}

async function loadCsv(spec: CsvSpec, path: string, training: Experiment['training'], onNote: (line: string) => void): Promise<Dataset> {
  const split = csvUsesRunSplit(spec) ? training.validationSplit : 0;
  const loaded = await importCsv(await csvFileSource(path), {
    targets: csvTargets(spec),
    ...(spec.task ? { task: spec.task } : {}),
    ...csvReadingChoices(spec),
    // Every column is a feature unless listed: an experiment file says what it trains on.
    allFeatures: true,
    ignore: spec.ignore ?? [],
    categorical: spec.categorical ?? [],
    missing: spec.missing ?? 'fail',
    normalization: spec.normalize ?? 'none',
    split: { validation: split, test: 0, seed: training.seed },
    // Small files: float64 keeps the values exactly as written (and predictions comparable with numpy).
    precision: 'float64',
  });
  for (const line of csvReadingNotes(loaded)) onNote(line);
  return loaded.dataset;
}

/** `onNote` receives how a CSV file was read (train prints it); ignored by default. */
export async function loadDataset(experiment: Experiment, experimentPath: string, onNote: (line: string) => void = () => {}): Promise<Dataset> {
  const spec = experiment.dataset;
  const here = dirname(resolve(experimentPath));
  if ('synthetic' in spec) return resolveSyntheticDataset(spec);
  if ('idx' in spec) {
    const images = resolve(here, spec.idx.images);
    const labels = resolve(here, spec.idx.labels);
    const classes = idxClassNames([images, labels], spec.classes);
    return readIdxDataset(readBytes(images, 'IDX images file'), readBytes(labels, 'IDX labels file'), {
      imagesFile: basename(images),
      labelsFile: basename(labels),
      ...(spec.limit ? { limit: spec.limit } : {}),
      ...(classes ? { classes } : {}),
    });
  }
  if ('csv' in spec) return loadCsv(spec, resolve(here, spec.csv), experiment.training, onNote);
  if ('images' in spec) {
    const { folder, size, color, background } = spec.images;
    return loadImageFolder(resolve(here, folder), { size, color, background }, (line) => process.stderr.write(`${line}\n`));
  }
  throw new Error(`dataset.stored: '${spec.stored}' names a dataset in the app's database, which the CLI cannot open; use a csv, idx or synthetic dataset.`);
}
