import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { networkWarnings } from '../../../src/shared/engine/network-health';
import { importCsvBytes } from '../../../src/shared/data/import-csv';
import { runSession } from '../../../src/shared/engine/session';
import { ExperimentSchema, type ExperimentInput } from '../../../src/shared/schema/experiment';
import type { EpochEvent } from '../../../src/shared/schema/progress';

// An ordinary Adam run on scikit-learn's diabetes data (inputs standardized, the target — disease
// progression, 25…346 — as it is) must not be told its gradients exploded: the cause was the
// unscaled target, whose loss and gradients are thousands of times those of a standardized one.
// Scaling the target (the default) removes the cause; with scaling turned off the warning is
// still there, because the run really does throw its output weights around.

const SKLEARN = '/usr/lib/python3/dist-packages/sklearn/datasets/data';
const available = existsSync(`${SKLEARN}/diabetes_data_raw.csv.gz`);

function diabetes() {
  const lines = (name: string) => gunzipSync(readFileSync(`${SKLEARN}/${name}`)).toString('utf8').trim().split('\n');
  const x = lines('diabetes_data_raw.csv.gz');
  const y = lines('diabetes_target.csv.gz');
  const text = ['age sex bmi bp s1 s2 s3 s4 s5 s6 progression', ...x.map((row, i) => `${row} ${y[i]}`)].join('\n');
  const { dataset } = importCsvBytes(new TextEncoder().encode(text), 'diabetes.txt', { target: 'progression', task: 'regression', normalization: 'standardize', precision: 'float64', split: { validation: 0.2, seed: 1 } });
  return dataset;
}

async function warningKinds(scaleTarget: 'standardize' | 'none') {
  const input: ExperimentInput = {
    dataset: { stored: 'diabetes' },
    model: { layers: [{ units: 16, activation: 'relu' }, { units: 1, activation: 'linear' }], loss: 'mse' },
    training: { optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 16, epochs: 100, seed: 1, scaleTarget },
  };
  const experiment = ExperimentSchema.parse(input);
  const events: EpochEvent[] = [];
  const result = await runSession(experiment, diabetes(), { initialEpoch: true, onEpoch: (event) => events.push(event) });
  return { result, events, last: events.at(-1)!, kinds: networkWarnings(experiment, events).map((w) => w.kind) };
}

describe.skipIf(!available)(`regression health on scikit-learn's diabetes${available ? '' : ' — SKIPPED: python3-sklearn data not installed'}`, () => {
  it('standardized target (the default): no exploding warning; validation R² in the usual range for this data before it overfits', async () => {
    const { result, last, kinds, events } = await warningKinds('standardize');
    expect(result.status).toBe('done');
    expect(kinds).not.toContain('exploding');
    // 16 ReLUs overfit 353 rows: the validation R² peaks early (about 0.38 near epoch 10).
    expect(Math.max(...events.map((event) => event.validation!.r2!))).toBeGreaterThan(0.3);
    // RMSE in the target's units (progression, std about 77), not in standard deviations.
    expect(last.validation!.rmse).toBeGreaterThan(40);
    expect(last.validation!.rmse).toBeLessThan(100);
  });

  it('the same run with the target unscaled: the output weights grow by orders of magnitude, and the warning says so', async () => {
    const { kinds } = await warningKinds('none');
    expect(kinds).toContain('exploding');
  });
});
