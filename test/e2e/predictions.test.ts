import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../src/shared/data/synthetic';
import { runSession } from '../../src/shared/engine/session';
import { predict, serializeWeights } from '../../src/shared/nn/weights-json';
import { ExperimentSchema } from '../../src/shared/schema/experiment';
import { openAppPage, expectCount } from './support/browser';
import { useWebAppSuite } from './support/web-app-suite';

// Predictions row by row in a real Chromium against the web build: a run's rows with the output A
// beside the target Y, sorted by their loss or any column, filtered to the mistakes, and images
// drawn as thumbnails.

const suite = useWebAppSuite();

async function train(page: Page, dataset: string, epochs: number) {
  await page.getByTestId('dataset-select').selectOption(dataset);
  await page.getByTestId('epochs').fill(String(epochs));
  await page.getByTestId('train-button').click();
  await page.locator('[data-testid="run-view"][data-status="done"]').waitFor({ timeout: 120_000 });
}

async function showPredictions(page: Page) {
  await page.getByTestId('show-predictions').click();
  await page.getByTestId('predictions-table').waitFor({ timeout: 60_000 });
}

/** Per listed row: its dataset row, loss, and the text of each cell by column. */
function listedRows(page: Page) {
  return page.getByTestId('prediction-row').evaluateAll((rows) =>
    rows
      .map((row) => ({
        top: parseFloat((row as HTMLElement).style.top),
        row: Number(row.getAttribute('data-row')),
        loss: Number(row.getAttribute('data-loss')),
        columns: [...row.children].map((cell) => cell.getAttribute('data-column')),
        cells: Object.fromEntries([...row.children].map((cell) => [cell.getAttribute('data-column'), { text: cell.textContent, title: cell.getAttribute('title') }])),
      }))
      .sort((a, b) => a.top - b.top),
  );
}

/** PREDICTIONS_SCREENSHOTS=folder: pictures of the section to look at. */
async function screenshot(page: Page, name: string, section = 'run-predictions') {
  const folder = process.env.PREDICTIONS_SCREENSHOTS;
  if (folder) await page.getByTestId(section).screenshot({ path: `${folder}/${name}.png` });
}

const BCE = (a: number, y: number) => -(y * Math.log(a) + (1 - y) * Math.log(1 - a));

describe('predictions row by row', () => {
  it('lists the four XOR rows with A beside Y, sorts by loss or any column, and filters to the mistakes', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, suite.app.url);
    await train(page, 'xor', 300);
    await showPredictions(page);
    await expectCount(page.getByTestId('prediction-row'), 4);

    const rows = await listedRows(page);
    expect(rows[0].columns).toEqual(['row', 'input:0', 'input:1', 'target', 'A:0', 'prediction', 'loss', 'result']);
    // XOR's truth table in original units, each row's A next to its Y, and its loss the binary cross-entropy of the two.
    const truth = rows.map(({ row, cells }) => [row, Number(cells['input:0'].text), Number(cells['input:1'].text), Number(cells.target.text)]);
    expect(truth.sort((a, b) => a[0] - b[0])).toEqual([
      [0, 0, 0, 0],
      [1, 0, 1, 1],
      [2, 1, 0, 1],
      [3, 1, 1, 0],
    ]);
    for (const { loss, cells } of rows) {
      const a = Number(cells['A:0'].title);
      const y = Number(cells.target.text);
      expect(Math.abs(a - y)).toBeLessThan(0.5);
      expect(loss).toBeCloseTo(BCE(a, y), 12);
      expect(cells.result.text).toBe('✓');
    }
    // Worst first by default, then best first, then by row.
    expect(rows.map((r) => r.loss)).toEqual([...rows.map((r) => r.loss)].sort((a, b) => b - a));
    // The summary's loss is the mean of the rows' (those of the final weights; the run's own training
    // loss is the running mean over its last epoch's steps, before each update, so it differs).
    const summaryLoss = Number(await page.getByTestId('predictions-summary').getAttribute('data-loss'));
    expect(summaryLoss).toBeCloseTo(rows.reduce((sum, r) => sum + r.loss, 0) / rows.length, 12);
    await screenshot(page, 'xor');
    await page.getByTestId('sort-loss').click();
    expect((await listedRows(page)).map((r) => r.loss)).toEqual([...rows.map((r) => r.loss)].sort((a, b) => a - b));
    await page.getByTestId('sort-row').click();
    expect((await listedRows(page)).map((r) => r.row)).toEqual([0, 1, 2, 3]);

    // Before training (epoch 0) the network gets some rows wrong: only those are listed.
    await page.getByTestId('predictions-weights').selectOption('initial');
    await page.getByTestId('predictions-table').waitFor();
    await page.getByTestId('predictions-mistakes').waitFor();
    const label = await page.getByTestId('predictions-mistakes').locator('xpath=..').textContent();
    const mistakes = Number(/\((\d+)\)/.exec(label!)![1]);
    expect(mistakes).toBeGreaterThan(0);
    await page.getByTestId('predictions-mistakes').check();
    await expectCount(page.getByTestId('prediction-row'), mistakes);
    for (const { cells } of await listedRows(page)) {
      expect(cells.result.text).toBe('✗');
      expect(cells.prediction.text).not.toBe(cells.target.text);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('draws each Fashion-MNIST row as its image, with the 10 class probabilities, within the page width', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, suite.app.url);
    await page.getByTestId('dataset-select').selectOption('stored:builtin/fashion-mnist-subset');
    await train(page, 'stored:builtin/fashion-mnist-subset', 1);
    await showPredictions(page);
    // The validation rows (the subset's own 1,000), worst first.
    expect(await page.getByTestId('predictions-split-validation').getAttribute('aria-pressed')).toBe('true');
    expect(Number(await page.getByTestId('predictions-summary').getAttribute('data-rows'))).toBe(1000);
    const rows = await listedRows(page);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40); // virtualized: only the rows in view
    expect(rows[0].columns).toEqual(['row', 'image', 'target', 'prediction', 'loss', 'result', ...Array.from({ length: 10 }, (_, i) => `A:${i}`)]);
    // The thumbnails show the pixels: a 28×28 image that is not all black.
    const inked = await page.getByTestId('prediction-row').first().locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += data[i];
      return { width: canvas.width, height: canvas.height, sum };
    });
    expect(inked.width).toBe(28);
    expect(inked.height).toBe(28);
    expect(inked.sum).toBeGreaterThan(0);
    await screenshot(page, 'fashion');
    // Scrolling far down draws the rows there.
    await page.getByTestId('predictions-table').evaluate((box) => (box.scrollTop = 900 * 34));
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="prediction-row"]')].some((row) => parseFloat((row as HTMLElement).style.top) >= 900 * 34));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists every row of the dataset an imported weights file is evaluated on, with the file\'s own predictions', async () => {
    const experiment = ExperimentSchema.parse({
      dataset: { synthetic: 'moons', samples: 300, seed: 3 },
      model: { layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
      training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 20, batchSize: 16, seed: 2 },
    });
    const dataset = resolveSyntheticDataset({ synthetic: 'moons', samples: 300, seed: 3 });
    const { weights } = await runSession(experiment, dataset);
    const expected = predict(weights!, dataset.x, dataset.rows).outputs.map(([a]) => a);

    const { page, context, errors } = await openAppPage(suite.browser, suite.app.url);
    await page.getByTestId('import-weights').setInputFiles({ name: 'moons.json', mimeType: 'application/json', buffer: Buffer.from(serializeWeights(weights!)) });
    await page.getByTestId('weights-predictions').getByTestId('show-predictions').click();
    await page.getByTestId('predictions-table').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('predictions-split-all').textContent()).toBe('All rows (300)');
    expect(await page.getByTestId('predictions-summary').textContent()).toContain("binary cross-entropy (the loss of the weights file's experiment)");
    const rows = await listedRows(page);
    expect(rows.length).toBeGreaterThan(5);
    await screenshot(page, 'weights', 'weights-predictions');
    // Within the last bits: Node's and Chromium's elementary functions may differ there.
    for (const { row, cells } of rows) expect(Number(cells['A:0'].title)).toBeCloseTo(expected[row], 13);
    expect(errors).toEqual([]);
    await context.close();
  });
});
