import { basename, dirname, resolve } from 'node:path';
import type { Experiment } from '../shared/schema/experiment';
import type { Dataset } from '../shared/data/dataset';
import { readCsvDataset } from '../shared/data/csv';
import { readIdxDataset } from '../shared/data/idx';
import { normalizeDataset } from '../shared/data/normalize';
import { splitRows } from '../shared/data/split';
import { resolveSyntheticDataset } from '../shared/data/synthetic';
import { readBytes, readText } from './files';

// Resolves an experiment's dataset spec from disk. Paths are relative to the experiment file, so an
// experiment and its data can move together. A normalized CSV is split here, with the run's seed,
// because the statistics must come from the training rows only; the split travels with the dataset
// so the engine validates on exactly the rows the statistics never saw.

export async function loadDataset(experiment: Experiment, experimentPath: string): Promise<Dataset> {
  const spec = experiment.dataset;
  const here = dirname(resolve(experimentPath));
  if ('synthetic' in spec) return resolveSyntheticDataset(spec);
  if ('idx' in spec) {
    const images = resolve(here, spec.idx.images);
    const labels = resolve(here, spec.idx.labels);
    return readIdxDataset(readBytes(images, 'IDX images file'), readBytes(labels, 'IDX labels file'), {
      imagesFile: basename(images),
      labelsFile: basename(labels),
      limit: spec.limit,
    });
  }
  if ('csv' in spec) {
    const path = resolve(here, spec.csv);
    const dataset = readCsvDataset(readText(path, 'CSV file'), { fileName: basename(path), target: spec.target, task: spec.task });
    const normalize = spec.normalize ?? 'none';
    if (normalize !== 'none') {
      const { validationSplit, seed } = experiment.training;
      if (validationSplit > 0) dataset.split = splitRows(dataset.target, dataset.rows, { validation: validationSplit, seed });
      normalizeDataset(dataset, normalize, dataset.split?.train ?? Int32Array.from({ length: dataset.rows }, (_, i) => i));
    }
    return dataset;
  }
  throw new Error(`dataset.stored: '${spec.stored}' names a dataset in the app's database, which the CLI cannot open; use a csv, idx or synthetic dataset.`);
}
