import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { evaluationRows } from '../../src/renderer/src/features/runs/run-evaluation';
import { resolveSyntheticDataset } from '../../src/shared/data/synthetic';
import { parseWeights, predict } from '../../src/shared/nn/weights-json';
import { ExperimentSchema } from '../../src/shared/schema/experiment';
import { openAppPage, expectCount } from './support/browser';
import { useWebAppSuite } from './support/web-app-suite';

// The daily loop in a real Chromium against the web build: build an experiment on a built-in
// dataset, train it, train a variant with another learning rate, compare the two, take the
// weights away and check them against the schema and the app's own predictions, reload and find
// everything again.

// 2 → 32 tanh → 32 tanh → 1 sigmoid on 400 spiral points, adam, batch 16, 80 epochs: about half a
// second of training per run with the TypeScript backend.
const EPOCHS = 80;

const suite = useWebAppSuite();

async function waitSaved(page: Page) {
  await page.locator('[data-testid="save-state"][data-saved="true"]').waitFor();
}

async function trainAndWait(page: Page): Promise<string> {
  await waitSaved(page);
  await page.getByTestId('train-experiment').click();
  const view = page.locator('[data-testid="run-view"][data-status="done"]');
  await view.waitFor({ timeout: 60_000 });
  return (await view.getAttribute('data-run-id'))!;
}

/** A fresh page on a new, empty experiment in the editor. */
async function openNewExperiment() {
  const opened = await openAppPage(suite.browser, suite.app.url);
  await opened.page.getByTestId('nav-experiments').click();
  await opened.page.getByTestId('new-experiment').click();
  await opened.page.getByTestId('experiment-editor').waitFor();
  return opened;
}

describe('experiments, comparison and export in the browser build', () => {
  it('notes that float32 trains faster when a float64 experiment has wide inputs, and trains Fashion-MNIST in float32', async () => {
    const { page, context, errors } = await openNewExperiment();
    await page.getByTestId('experiment-dataset').selectOption('spirals');
    // Two inputs: quick either way, no note.
    await expectCount(page.getByTestId('dtype-note'), 0);
    await page.getByTestId('experiment-dataset').selectOption('stored:builtin/fashion-mnist-subset');
    expect(await page.getByTestId('dtype-note').textContent({ timeout: 60_000 })).toMatch(/^With 784 inputs, float32 trains about 1.7× as fast \(both run on WebAssembly SIMD kernels/);
    if (process.env.DTYPE_SCREENSHOT) await page.screenshot({ path: process.env.DTYPE_SCREENSHOT, fullPage: true });
    await page.getByTestId('dtype').selectOption('float32');
    await expectCount(page.getByTestId('dtype-note'), 0);
    // float32 trains on the wasm kernels in the Web Worker; Fashion-MNIST is half zeros, so its
    // first layer takes the zero-skipping products (and nested helper workers, when they pay).
    await page.getByTestId('epochs').fill('3');
    await trainAndWait(page);
    expect(await page.getByTestId('run-progress').textContent()).toBe('epoch 3 of 3');
    expect(Number(await page.getByTestId('metric-validation-accuracy').getAttribute('data-value'))).toBeGreaterThan(0.7);
    if (process.env.FASHION_SCREENSHOT) await page.screenshot({ path: process.env.FASHION_SCREENSHOT, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('builds, trains, varies, compares, exports and finds everything after a reload', async () => {
    const { page, context, errors } = await openNewExperiment();

    await page.getByTestId('experiment-name').fill('spirals baseline');
    await page.getByTestId('experiment-dataset').selectOption('spirals');
    await page.getByTestId('dataset-samples').fill('400');
    await page.getByTestId('epochs').fill(String(EPOCHS));
    await page.getByTestId('learning-rate').fill('0.01');
    // The network as the tutorials write it.
    expect(await page.getByTestId('shape-w-1').textContent()).toBe('W[1]: 32×2');
    expect(await page.getByTestId('shape-w-3').textContent()).toBe('W[3]: 1×32');
    // A bad value is named under its box and blocks Train; fixing it unblocks.
    await page.getByTestId('layer-units-0').fill('0');
    expect(await page.getByTestId('layer-units-0-issue').textContent()).toBe('expected a number ≥ 1');
    expect(await page.getByTestId('train-experiment').isDisabled()).toBe(true);
    await page.getByTestId('layer-units-0').fill('32');
    // sigmoid + SSE is allowed, with a warning; back to binary cross-entropy.
    await page.getByTestId('loss-select').selectOption('sse');
    expect(await page.getByTestId('pairing-warning').textContent()).toMatch(/^sigmoid with sse trains/);
    await page.getByTestId('loss-select').selectOption('binaryCrossEntropy');
    await expectCount(page.getByTestId('pairing-warning'), 0);
    const firstRun = await trainAndWait(page);
    const firstAccuracy = Number(await page.getByTestId('metric-validation-accuracy').getAttribute('data-value'));
    const firstLoss = Number(await page.getByTestId('metric-validation-loss').getAttribute('data-value'));
    expect(firstAccuracy).toBeGreaterThan(0.6);
    // The engine's look into the network at the last epoch: decision regions over a 40×40 grid.
    await page.locator('[data-testid="view-label"]', { hasText: `epoch ${EPOCHS}` }).waitFor();
    expect(await page.getByTestId('decision-boundary').getAttribute('data-cells')).toBe('1600');
    await expectCount(page.getByTestId('gradient-chart').locator('path.recharts-line-curve'), 3);

    // A variant: clone the experiment, change only the learning rate.
    await page.getByTestId('open-experiment').click();
    await page.getByTestId('clone-experiment').click();
    await page.locator('[data-testid="experiment-name"][value="spirals baseline (copy)"]').waitFor();
    await page.getByTestId('learning-rate').fill('0.03');
    const secondRun = await trainAndWait(page);
    expect(secondRun).not.toBe(firstRun);

    // Compare the two from the runs list.
    await page.getByTestId('nav-runs').click();
    for (const id of [firstRun, secondRun]) await page.locator(`[data-testid="run-row"][data-run-id="${id}"] [data-testid="run-select"]`).check();
    await page.getByTestId('compare-selected').click();
    await page.locator('[data-testid="compare-page"][data-runs="2"]').waitFor();
    expect(await page.getByTestId('compare-loss-chart').getAttribute('data-lines')).toBe('2');
    await expectCount(page.getByTestId('compare-loss-chart').locator('.compare-line path'), 2);
    const strokes = await page.getByTestId('compare-loss-chart').locator('.compare-line path').evaluateAll((paths) => paths.map((path) => path.getAttribute('stroke')));
    expect(new Set(strokes).size).toBe(2);
    // A row per run, a column per setting that differs: here the learning rate only.
    const differing = page.getByTestId('hp-column');
    await expectCount(differing, 1);
    expect(await differing.getAttribute('data-path')).toBe('training.optimizer.learningRate');
    expect(await page.getByTestId('hp-row').evaluateAll((rows) => rows.map((row) => row.lastElementChild?.textContent))).toEqual(['0.01', '0.03']);
    await page.getByTestId('diff-only').uncheck();
    expect(await page.getByTestId('hp-column').count()).toBeGreaterThan(20);
    // Exactly one best cell per summary column.
    await expectCount(page.locator('[data-testid="summary-final-loss"][data-best="true"]'), 1);

    // Export the first run's weights and check them against the schema and the app.
    await page.goto(`${suite.app.url}#/runs/${firstRun}`);
    await page.locator(`[data-testid="run-view"][data-run-id="${firstRun}"]`).waitFor();
    await page.getByTestId('confusion-matrix').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-weights').click()]);
    expect(download.suggestedFilename()).toBe('spirals-32-32-tanh-adam-0.01.weights.json');
    const weights = parseWeights(readFileSync((await download.path())!, 'utf8'));
    expect(weights.layers.map((layer) => [layer.W.length, layer.W[0].length])).toEqual([[32, 2], [32, 32], [1, 32]]);
    expect(weights.output).toEqual({ task: 'classification', classes: ['0', '1'] });
    const experiment = ExperimentSchema.parse(weights.experiment);
    expect(experiment.training.optimizer.learningRate).toBe(0.01);
    expect(weights.metrics?.validationAccuracy).toBe(firstAccuracy);

    // The file's predictions on the validation rows are the app's confusion matrix, cell by cell.
    const dataset = resolveSyntheticDataset({ synthetic: 'spirals', samples: 400, seed: 1 });
    const { rows } = evaluationRows(experiment, dataset);
    const x = Array.from(rows, (row) => [dataset.x[2 * row], dataset.x[2 * row + 1]]).flat();
    const predicted = predict(weights, x, rows.length).classIndices!;
    const labels = dataset.target.kind === 'classes' ? dataset.target.labels : new Int32Array();
    for (const actual of [0, 1]) {
      for (const guess of [0, 1]) {
        const expected = predicted.filter((c, i) => c === guess && labels[rows[i]] === actual).length;
        expect(Number(await page.getByTestId(`confusion-${actual}-${guess}`).textContent())).toBe(expected);
      }
    }
    expect(predicted.filter((c, i) => c === labels[rows[i]]).length / rows.length).toBe(firstAccuracy);

    // The same file evaluated again after import: every row of the dataset it names, checked
    // against the file's own predictions; a broken file is refused naming the field.
    await page.getByTestId('import-weights').setInputFiles((await download.path())!);
    await page.getByTestId('weights-accuracy').waitFor();
    const all = predict(weights, Array.from(dataset.x), dataset.rows).classIndices!;
    const allAccuracy = all.filter((c, i) => c === labels[i]).length / dataset.rows;
    expect(Number(await page.getByTestId('weights-accuracy').getAttribute('data-value'))).toBe(allAccuracy);
    const broken = { ...weights, layers: [{ ...weights.layers[0], W: weights.layers[0].W.slice(1) }, ...weights.layers.slice(1)] };
    await page.getByTestId('import-weights').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    expect(await page.getByTestId('weights-import-error').textContent()).toBe('broken.json: layers[0].W: expected 32 rows (one per bias in layers[0].b), found 31');
    // Past 4 MB the file is parsed in a worker (it froze the page): the same checks, the same message.
    const padded = (json: unknown) => Buffer.from(JSON.stringify(json) + ' '.repeat(5 * 1024 * 1024));
    await page.getByTestId('import-weights').setInputFiles({ name: 'broken-big.json', mimeType: 'application/json', buffer: padded(broken) });
    await page.getByText('broken-big.json: layers[0].W: expected 32 rows (one per bias in layers[0].b), found 31').waitFor();
    await page.getByTestId('import-weights').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: padded(weights) });
    await page.getByTestId('weights-accuracy').waitFor();
    expect(Number(await page.getByTestId('weights-accuracy').getAttribute('data-value'))).toBe(allAccuracy);

    // Rerun: same experiment, same seed, the same numbers to the last bit.
    await page.getByTestId('rerun').click();
    await page.locator(`[data-testid="run-view"][data-status="done"]:not([data-run-id="${firstRun}"])`).waitFor({ timeout: 60_000 });
    expect(Number(await page.getByTestId('metric-validation-loss').getAttribute('data-value'))).toBe(firstLoss);
    expect(Number(await page.getByTestId('metric-validation-accuracy').getAttribute('data-value'))).toBe(firstAccuracy);

    // Everything is still there after a reload.
    await page.goto(`${suite.app.url}#/runs/${firstRun}`);
    await page.reload();
    await page.locator(`[data-testid="run-view"][data-run-id="${firstRun}"][data-status="done"]`).waitFor();
    await page.goto(`${suite.app.url}#/experiments`);
    await page.getByTestId('experiment-item').nth(1).waitFor();
    expect(await page.getByTestId('experiment-item').locator('a').allTextContents()).toEqual(['spirals baseline (copy)', 'spirals baseline']);
    await page.goto(`${suite.app.url}#/compare/${firstRun},${secondRun}`);
    await page.locator('[data-testid="compare-page"][data-runs="2"]').waitFor();
    await expectCount(page.getByTestId('compare-loss-chart').locator('.compare-line path'), 2);

    // Leaving the editor right after typing keeps what was typed.
    await page.getByTestId('nav-experiments').click();
    await page.getByTestId('experiment-item').first().locator('a').click();
    await page.getByTestId('experiment-notes').fill('faster rate, same seed');
    await page.getByTestId('nav-runs').click();
    await page.getByTestId('nav-experiments').click();
    await page.getByTestId('experiment-item').first().locator('a').click();
    expect(await page.getByTestId('experiment-notes').inputValue()).toBe('faster rate, same seed');

    // The queue: a long run shows its progress and time left in the list and is cancelled from there.
    await page.getByTestId('epochs').fill('100000');
    await waitSaved(page);
    await page.getByTestId('train-experiment').click();
    const row = page.locator('[data-testid="run-row"][data-status="running"]');
    await row.getByTestId('row-progress').locator('.when', { hasText: /left$/ }).waitFor();
    await row.getByTestId('row-cancel').click();
    await page.locator('[data-testid="run-view"][data-status="cancelled"]').waitFor();

    expect(errors).toEqual([]);
    await context.close();
  });
});
