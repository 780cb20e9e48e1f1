import type { Page } from 'playwright-core';
import type { ExperimentRecord, RunRecord, SweepRecord, SweepRunRecord } from '../../../src/renderer/src/db/database';
import { experimentTitle } from '../../../src/renderer/src/components/describe-experiment';
import { planSweep } from '../../../src/shared/engine/sweep-plan';
import { ExperimentSchema, type Experiment } from '../../../src/shared/schema/experiment';
import { SweepSchema } from '../../../src/shared/schema/sweep';

// A database with many runs, written straight into the app's IndexedDB (as the app would have
// stored them), for the scale tests and the benchmark: saved experiments whose runs differ by
// init, seed or learning rate, runs from the quick form, a few failed or cancelled, some tagged,
// and a planned sweep whose runs are the newest. Curves are made up in the page (200 epochs of a
// thousand runs are too many to send over): a decaying loss with a little wobble, seeded per run.

export interface ManyRunsPlan {
  runs: number;
  epochs: number;
  /** Runs of the sweep (learning rate log grid × widths × 2 seeds), taken from the newest runs; 0 for none. */
  sweepRuns: number;
}

export interface SeededRun {
  id: string;
  name: string;
  datasetName: string;
  status: RunRecord['status'];
  experimentId?: string;
  tags: string[];
  /** Final validation loss as stored. */
  loss?: number;
}

export interface ManyRuns {
  runs: SeededRun[];
  experiments: { id: string; name: string }[];
  sweepId?: string;
}

const EXPERIMENT_NAMES = ['Spirals baseline', 'Moons wide', 'Circles deep', 'XOR tiny', 'Blobs adam'];
const DATASETS = ['spirals', 'moons', 'circles', 'xor', 'blobs'] as const;
const INITS = ['heNormal', 'xavierUniform'] as const;

function experimentFor(dataset: (typeof DATASETS)[number], variant: number, epochs: number): Experiment {
  return ExperimentSchema.parse({
    dataset: { synthetic: dataset },
    model: {
      layers: [{ units: 16, activation: 'tanh' }, { units: 16, activation: 'tanh' }, { units: dataset === 'blobs' ? 3 : 1, activation: dataset === 'blobs' ? 'softmax' : 'sigmoid' }],
      init: { name: INITS[variant % 2] },
      loss: dataset === 'blobs' ? 'categoricalCrossEntropy' : 'binaryCrossEntropy',
    },
    training: { optimizer: { name: 'adam', learningRate: [0.01, 0.003][Math.floor(variant / 2) % 2] }, epochs, seed: Math.floor(variant / 4) % 3, validationSplit: 0.2 },
  });
}

/** Deterministic per-run numbers in [0, 1). */
const unit = (i: number, salt: number) => {
  const x = Math.sin(i * 12.9898 + salt * 78.233) * 43758.5453;
  return x - Math.floor(x);
};

export function planManyRuns({ runs: count, epochs, sweepRuns }: ManyRunsPlan, start = Date.UTC(2026, 10, 1)) {
  const experiments: ExperimentRecord[] = EXPERIMENT_NAMES.map((name, e) => ({
    id: `exp-${e}`,
    name,
    notes: '',
    createdAt: start,
    updatedAt: start,
    experiment: experimentFor(DATASETS[e], 0, epochs),
  }));
  const sweepDefinition = sweepRuns > 0 ? SweepSchema.parse({
    name: 'lr × width',
    experiment: experimentFor('spirals', 0, epochs),
    parameters: { learningRate: { min: 1e-4, max: 0.1, steps: Math.max(1, Math.ceil(sweepRuns / 10)), scale: 'log' }, width: [8, 16, 32, 64, 128] },
    repeats: 2,
  }) : undefined;
  const plan = sweepDefinition && planSweep(sweepDefinition);
  const planned = plan?.runs.slice(0, sweepRuns) ?? [];
  const runs: RunRecord[] = [];
  for (let i = 0; i < count; i++) {
    const sweepRun = planned[i - (count - planned.length)];
    const fromExperiment = !sweepRun && i % 5 !== 4;
    const dataset = DATASETS[sweepRun ? 0 : i % DATASETS.length];
    const experiment = sweepRun?.experiment ?? experimentFor(dataset, Math.floor(i / 5), epochs);
    const status: RunRecord['status'] = sweepRun ? 'done' : i % 37 === 5 ? 'failed' : i % 53 === 7 ? 'cancelled' : 'done';
    const epochsDone = status === 'done' ? epochs : Math.max(1, Math.floor(epochs * unit(i, 3)));
    const final = 0.05 + 0.6 * unit(i, 1);
    runs.push({
      id: `run-${String(i).padStart(5, '0')}`,
      name: experimentTitle(experiment, dataset),
      createdAt: start + i * 60_000,
      startedAt: start + i * 60_000 + 500,
      endedAt: start + i * 60_000 + 30_000,
      status,
      experiment,
      datasetName: dataset,
      host: 'browser',
      totalEpochs: epochs,
      epochsDone,
      metrics: { train: { loss: final * 0.9, accuracy: 1 - final / 2 }, validation: { loss: final, accuracy: 1 - final / 1.8 }, seconds: epochsDone * 0.05 },
      ...(status === 'failed' ? { message: 'The loss became NaN at epoch 3: lower the learning rate.' } : {}),
      ...(fromExperiment ? { experimentId: `exp-${i % DATASETS.length}` } : {}),
      ...(i % 11 === 0 ? { tags: [i % 22 === 0 ? 'baseline' : 'candidate'] } : {}),
    });
  }
  const sweepId = plan ? 'sweep-scale' : undefined;
  const sweep: SweepRecord | undefined = plan && {
    id: sweepId!,
    name: 'lr × width',
    createdAt: start + count * 60_000,
    endedAt: start + count * 60_000,
    status: 'done',
    definition: sweepDefinition!,
    planId: plan.sweepId,
    total: planned.length,
    combinations: new Set(planned.map((run) => run.configKey)).size,
  };
  const sweepRecords: SweepRunRecord[] = planned.map((run, k) => {
    const record = runs[count - planned.length + k];
    const loss = record.metrics!.validation!.loss;
    return {
      sweepId: sweepId!,
      index: run.index,
      key: run.key,
      configKey: run.configKey,
      config: run.config,
      repeat: run.repeat,
      experiment: run.experiment,
      status: 'done',
      runId: record.id,
      epochs,
      final: { trainLoss: loss * 0.9, validationLoss: loss, validationAccuracy: 1 - loss / 1.8 },
      best: { trainLoss: loss * 0.85, validationLoss: loss * 0.95, validationAccuracy: 1 - loss / 2 },
      seconds: epochs * 0.05,
    };
  });
  return { experiments, runs, sweep, sweepRecords };
}

/**
 * tsx (the bench's loader) compiles with esbuild's keepNames, which wraps named functions in a
 * `__name(…)` helper that exists in Node but not in the page a function is sent to.
 */
export async function definePageNameHelper(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (fn) => fn');
}

/**
 * Writes the planned runs into the page's database (the app must have opened it once), with
 * `epochs` epochs of history each, then reloads the page so every view reads them.
 */
export async function seedManyRuns(page: Page, plan: ManyRunsPlan): Promise<ManyRuns> {
  const data = planManyRuns(plan);
  await definePageNameHelper(page);
  await page.evaluate(async ({ experiments, runs, sweep, sweepRecords }) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('nn-workbench');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const write = (stores: string[], fill: (tx: IDBTransaction) => void) =>
      new Promise<void>((resolve, reject) => {
        const tx = db.transaction(stores, 'readwrite');
        fill(tx);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    await write(['experiments', 'runs', 'sweeps', 'sweepRuns'], (tx) => {
      for (const record of experiments) tx.objectStore('experiments').put(record);
      for (const record of runs) tx.objectStore('runs').put(record);
      if (sweep) tx.objectStore('sweeps').put(sweep);
      for (const record of sweepRecords) tx.objectStore('sweepRuns').put(record);
    });
    // Histories in chunks of runs, so no transaction holds hundreds of thousands of records.
    for (let from = 0; from < runs.length; from += 50) {
      await write(['epochs'], (tx) => {
        const store = tx.objectStore('epochs');
        runs.slice(from, from + 50).forEach((run, r) => {
          const final = run.metrics!.validation!.loss;
          const rate = 3 + ((from + r) % 7);
          for (let epoch = 1; epoch <= run.epochsDone; epoch++) {
            const t = epoch / run.totalEpochs;
            const loss = final + (0.7 - final) * Math.exp(-rate * t) + 0.01 * Math.sin(epoch * 0.7 + r);
            store.put({
              runId: run.id,
              epoch,
              event: {
                epoch,
                epochs: run.totalEpochs,
                train: { loss: loss * 0.9, accuracy: 1 - (loss * 0.9) / 2 },
                validation: { loss, accuracy: 1 - loss / 1.8 },
                learningRate: run.experiment.training.optimizer.learningRate,
                seconds: epoch * 0.05,
                layers: [],
              },
            });
          }
        });
      });
    }
    db.close();
  }, data);
  await page.reload();
  return {
    runs: data.runs.map((run) => ({
      id: run.id,
      name: run.name,
      datasetName: run.datasetName,
      status: run.status,
      ...(run.experimentId ? { experimentId: run.experimentId } : {}),
      tags: run.tags ?? [],
      loss: run.metrics?.validation?.loss,
    })),
    experiments: data.experiments.map(({ id, name }) => ({ id, name })),
    ...(data.sweep ? { sweepId: data.sweep.id } : {}),
  };
}
