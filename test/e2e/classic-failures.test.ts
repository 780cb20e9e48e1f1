import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ExperimentInput } from '../../src/shared/schema/experiment';
import { openAppPage } from './support/browser';
import { useWebAppSuite } from './support/web-app-suite';

// What a student sees in a real Chromium for the tutorials' setups and the classic failures: the
// first tutorial's XOR from the examples list, zeros initialization (the symmetry problem), weights
// too large for the depth (explosion), and a learning rate of 1e6 (divergence). Set
// FAILURES_SCREENSHOTS to a folder to keep a screenshot of each page.

const suite = useWebAppSuite();

async function screenshot(page: Page, name: string) {
  const folder = process.env.FAILURES_SCREENSHOTS;
  if (folder) await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}

/** Imports the experiment as a JSON file, trains it and waits for the run to end with `status`; returns the run's id. */
async function trainImported(page: Page, experiment: ExperimentInput, status: 'done' | 'failed'): Promise<string> {
  await page.getByTestId('nav-experiments').click();
  await page.getByTestId('import-experiment').setInputFiles({ name: 'experiment.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(experiment)) });
  await page.getByTestId('experiment-editor').waitFor();
  await page.locator('[data-testid="save-state"][data-saved="true"]').waitFor();
  await page.getByTestId('train-experiment').click();
  const view = page.locator(`[data-testid="run-view"][data-status="${status}"]`);
  await view.waitFor({ timeout: 60_000 });
  return (await view.getAttribute('data-run-id'))!;
}

/** The page never shows an infinite ratio or a row of digits, and nothing is wider than the window. */
async function expectReadableNumbers(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/∞×|Infinity|\d{9}/);
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

const xor = (init: 'zeros' | 'uniform'): ExperimentInput => ({
  name: `XOR, ${init} init`,
  dataset: { synthetic: 'xor' },
  model: { layers: [{ units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], init, loss: 'sse' },
  training: { optimizer: { name: 'sgd', learningRate: 1 }, epochs: 200, seed: 1 },
});

const deep = (activation: 'relu' | 'sigmoid', init: ExperimentInput['model']['init'], learningRate: number): ExperimentInput => ({
  name: `5×32 ${activation}, learning rate ${learningRate}`,
  dataset: { synthetic: 'spirals', samples: 400, seed: 1 },
  model: { layers: [...Array.from({ length: 5 }, () => ({ units: 32, activation })), { units: 1, activation: 'sigmoid' }], init, loss: 'binaryCrossEntropy' },
  training: { optimizer: { name: 'sgd', learningRate }, batchSize: 32, epochs: 20, seed: 1, validationSplit: 0.2 },
});

describe('the tutorials and the classic failures in the browser', () => {
  it("the first tutorial's XOR is one click away and learns XOR, with no biases", async () => {
    const { page, context, errors } = await openAppPage(suite.browser, suite.app.url);
    await page.getByTestId('nav-experiments').click();
    await page.getByTestId('example-tutorial-xor').click();
    await page.getByTestId('experiment-editor').waitFor();
    expect(await page.getByTestId('layer-bias-0').isChecked()).toBe(false);
    expect(await page.getByTestId('output-bias').isChecked()).toBe(false);
    await page.locator('[data-testid="save-state"][data-saved="true"]').waitFor();
    await screenshot(page, 'tutorial-xor-editor');
    await page.getByTestId('train-experiment').click();
    await page.locator('[data-testid="run-view"][data-status="done"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('run-progress').textContent()).toBe('epoch 1500 of 1500');
    expect(Number(await page.getByTestId('metric-train-accuracy').getAttribute('data-value'))).toBe(1);
    await page.getByTestId('health-ok').waitFor();
    await screenshot(page, 'tutorial-xor-run');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('zeros init: the symmetry problem and exactly-zero gradients are named, with why random init breaks it', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, suite.app.url);
    await trainImported(page, xor('zeros'), 'done');
    const warnings = page.getByTestId('health-warnings').locator('li');
    await expect.poll(() => warnings.evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')))).toEqual(['symmetry', 'zero-gradient']);
    expect(await warnings.nth(0).textContent()).toMatch(/^The symmetry problem: all 4 units of layer 1 are identical.*Random initialization breaks the symmetry/);
    expect(await page.getByTestId('symmetric-units').textContent()).toBe(' · all identical');
    await page.getByTestId('gradient-chart-empty').waitFor();
    // The table's headings explain themselves.
    expect(await page.getByTestId('figure-help').first().getAttribute('title')).toMatch(/^‖W‖: the size of the layer's weight matrix/);
    await expectReadableNumbers(page);
    await screenshot(page, 'zeros-init');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('weights too large for the depth: the run fails before any update and the initial weights are named as exploding', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, suite.app.url);
    await trainImported(page, deep('relu', { name: 'normal', std: 1 }, 0.01), 'failed');
    expect(await page.getByTestId('run-message').textContent()).toMatch(/^The run diverged at epoch 1, batch 1 of 10: the loss sits at the clamp of the log.*the initial weights already saturate the outputs/);
    expect(await page.locator('.network-health h3').textContent()).toBe('Inside the network · epoch 0 (initial weights, before any update)');
    expect(await page.locator('[data-testid="health-warnings"] li[data-kind="exploding"]').first().textContent()).toMatch(/^Exploding activations through depth: their RMS goes from 0\.4\d* in layer 1 to 8\d\.\d in layer 5/);
    await expectReadableNumbers(page);
    await screenshot(page, 'explosion');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('learning rate 1e6 with sigmoid + cross-entropy ends as diverged with epoch, batch and cause, not done', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, suite.app.url);
    await trainImported(page, deep('sigmoid', 'xavierNormal', 1e6), 'failed');
    expect(await page.getByTestId('run-status').textContent()).toBe('Failed');
    expect(await page.getByTestId('run-message').textContent()).toMatch(
      /^The run diverged at epoch 1, batch 1 of 10: the weights blew up: layer \d's ‖W‖ reached \d\.\de4, \d\.\de4 times its \d\.\d+ after initialization\. The weights diverged: the learning rate \(1000000\) is probably too high/,
    );
    await expectReadableNumbers(page);
    await screenshot(page, 'divergence');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Compare overlays the per-layer gradient norms of the runs, every layer or one', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, suite.app.url);
    const runs = [await trainImported(page, xor('uniform'), 'done'), await trainImported(page, { ...xor('uniform'), name: 'XOR, uniform init, lr 0.1', training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 200, seed: 1 } }, 'done')];
    await page.goto(`${suite.app.url}#/compare/${runs.join(',')}`);
    await page.locator('[data-testid="compare-page"][data-runs="2"]').waitFor();
    const chart = page.getByTestId('compare-gradient-chart');
    // Two runs × two layers, then the first layer of each.
    await expect.poll(() => chart.getAttribute('data-lines')).toBe('4');
    // The plot is drawn once its width is measured, a render after the line count is known.
    await expect.poll(() => chart.locator('.compare-line path').count()).toBe(4);
    expect(await chart.locator('figcaption').getAttribute('title')).toMatch(/^‖dW‖: the size of the gradient/);
    await screenshot(page, 'compare-gradients');
    await page.getByTestId('compare-gradient-layer').selectOption('0');
    await expect.poll(() => chart.getAttribute('data-lines')).toBe('2');
    await expectReadableNumbers(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
