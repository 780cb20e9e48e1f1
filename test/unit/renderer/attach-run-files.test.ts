import { describe, expect, it } from 'vitest';
import { parseWeights } from '../../../src/shared/nn/weights-json';
import { ExperimentSchema } from '../../../src/shared/schema/experiment';
import type { SweepRunRecord } from '../../../src/renderer/src/db/database';
import { importedRun, matchRunFiles, type FolderEntry } from '../../../src/renderer/src/features/sweeps/attach-run-files';
import { epochEvent, experiment, weights } from './run-fixtures';

// A weights folder from `sweep --weights-dir` matched to an imported sweep's runs: by the run key
// in the file name, the weights checked against the run's experiment, histories line by line, and
// every file or run that does not fit named.

const csvExperiment = ExperimentSchema.parse({ ...experiment, dataset: { csv: 'iris.csv', target: 'species' } });
const run = (index: number, key: string, status: SweepRunRecord['status'] = 'done', over: Partial<SweepRunRecord> = {}): SweepRunRecord => ({
  sweepId: 's',
  index,
  key,
  configKey: `c${index}`,
  config: { learningRate: index },
  repeat: 0,
  experiment,
  status,
  epochs: 5,
  final: { epoch: 5, trainLoss: 0.2, trainAccuracy: 0.9 },
  best: { epoch: 4, trainLoss: 0.19 },
  seconds: 1.5,
  ...over,
});
const file = (path: string, text: string): FolderEntry => ({ path, size: text.length, text: async () => text });
const readWeights = async (entry: FolderEntry) => parseWeights(await entry.text());
const history = (epochs: number) => Array.from({ length: epochs }, (_, i) => JSON.stringify(epochEvent(i + 1))).join('\n') + '\n';

const runs = [run(0, 'aaa'), run(1, 'bbb'), run(2, 'ccc', 'failed', { final: undefined }), run(3, 'ddd')];

describe('matchRunFiles', () => {
  it('attaches each run’s weights and history by its key, and names what does not fit', async () => {
    const plan = await matchRunFiles(
      runs,
      [
        file('weights/00000-aaa.weights.json', JSON.stringify({ ...weights, experiment })),
        file('weights/00000-aaa.history.jsonl', history(5)),
        file('weights/00001-bbb.weights.json', JSON.stringify({ ...weights, experiment: { ...experiment, training: { ...experiment.training, seed: 9 } } })),
        file('weights/00002-ccc.history.jsonl', `${JSON.stringify(epochEvent(1))}\n{"epoch": 2}\n`),
        file('weights/00007-zzz.weights.json', JSON.stringify(weights)),
        file('weights/results.jsonl', ''),
      ],
      readWeights,
    );
    expect(plan.attached.map((entry) => [entry.run.key, Boolean(entry.weights), entry.history?.length])).toEqual([['aaa', true, 5]]);
    expect(plan.problems).toEqual([
      'weights/00001-bbb.weights.json: these weights were trained with another experiment than run 2 of this sweep (key bbb); left out',
      "weights/00002-ccc.history.jsonl: weights/00002-ccc.history.jsonl line 2: not an epoch of a run — epochs: Invalid input: expected number, received undefined; left out",
      'weights/00007-zzz.weights.json: no run of this sweep has the key zzz (a file of another sweep, or of another experiment)',
    ]);
    // Finished runs without weights are missing; the failed one had none to write.
    expect(plan.missing.map((entry) => entry.index)).toEqual([1, 3]);
    expect(plan.ignored).toBe(1);
  });

  it('names a weights file that is not one, and a second copy of a run’s file', async () => {
    const plan = await matchRunFiles(
      runs,
      [file('a/00000-aaa.weights.json', JSON.stringify(weights)), file('b/00000-aaa.weights.json', JSON.stringify(weights)), file('00003-ddd.weights.json', '{"format": "x"}')],
      readWeights,
    );
    expect(plan.attached.map((entry) => entry.run.key)).toEqual(['aaa']);
    // Files are read in path order.
    expect(plan.problems).toEqual([
      '00003-ddd.weights.json: format: expected "nn-workbench.weights", found "x"; left out',
      'b/00000-aaa.weights.json: a second weights file for run 1; the first one found was used',
    ]);
  });
});

describe('importedRun', () => {
  it('is a finished run with the command line’s history and metrics', () => {
    const record = importedRun({ run: runs[0], history: [epochEvent(1), epochEvent(2)] }, { id: 'r1', now: 1000, sweepName: 'LR sweep' })!;
    expect(record).toMatchObject({ id: 'r1', status: 'done', host: 'cli', epochsDone: 5, totalEpochs: 5, bestEpoch: 4, datasetName: 'spirals', experiment });
    expect(record.metrics).toEqual({ train: epochEvent(2).train, validation: epochEvent(2).validation, seconds: epochEvent(2).seconds });
    expect(record.message).toBe('Trained by the command line (sweep “LR sweep”, run 1).');
  });

  it('without a history takes the results line’s metrics, and says it has no curves', () => {
    const record = importedRun({ run: runs[0] }, { id: 'r1', now: 1000, sweepName: 'LR sweep' })!;
    expect(record.metrics).toEqual({ train: { loss: 0.2, accuracy: 0.9 }, validation: undefined, seconds: 1.5 });
    expect(record.message).toBe('Trained by the command line (sweep “LR sweep”, run 1). Its history file was not in the folder, so it has no curves.');
  });

  it('a run trained on a CSV file is evaluated on the app’s dataset picked for it', () => {
    const record = importedRun(
      { run: { ...runs[0], experiment: csvExperiment } },
      { id: 'r1', now: 1000, sweepName: 'Iris', dataset: { spec: { stored: 'builtin/iris' }, name: 'Iris', normalized: 'none' } },
    )!;
    expect(record.experiment.dataset).toEqual({ stored: 'builtin/iris' });
    expect(record.datasetName).toBe('Iris');
    expect(record.cliDataset).toBe('iris.csv');
    expect(record.message).toContain('on iris.csv; evaluated here on Iris.');
  });

  it('a CSV the command line normalized is normalized the same way on the app’s unnormalized copy, never a second time on one normalized at import', () => {
    const standardized = ExperimentSchema.parse({ ...experiment, dataset: { csv: 'iris.csv', target: 'species', normalize: 'standardize' } });
    const attach = (cli: typeof standardized, normalized: 'none' | 'minmax' | 'standardize') =>
      importedRun({ run: { ...runs[0], experiment: cli } }, { id: 'r1', now: 1000, sweepName: 'Iris', dataset: { spec: { stored: 'builtin/iris' }, name: 'Iris', normalized } })!.experiment.dataset;
    expect(attach(standardized, 'none')).toEqual({ stored: 'builtin/iris', normalize: 'standardize' });
    expect(attach(ExperimentSchema.parse({ ...standardized, dataset: { ...standardized.dataset, normalize: 'minmax' } }), 'none')).toEqual({ stored: 'builtin/iris', normalize: 'minmax' });
    expect(attach(ExperimentSchema.parse({ ...standardized, dataset: { ...standardized.dataset, normalize: 'none' } }), 'none')).toEqual({ stored: 'builtin/iris' });
    expect(attach(standardized, 'standardize')).toEqual({ stored: 'builtin/iris' });
    expect(attach(csvExperiment, 'none')).toEqual({ stored: 'builtin/iris' });
  });
});
