import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../src/shared/schema/experiment';
import { openAppPage } from './support/browser';
import { useWebAppSuite } from './support/web-app-suite';

// The Runs page's quick form and the experiment editor are two views of one draft: the same
// choices make the same experiment, a bad value is named under its own box in both, and picking
// an output activation proposes the same loss in both.

const suite = useWebAppSuite();

/** A run's experiment as stored in IndexedDB. */
async function storedExperiment(page: Page, runId: string): Promise<Experiment> {
  return page.evaluate(async (id) => {
    const request = indexedDB.open('nn-workbench');
    const db: IDBDatabase = await new Promise((ok, fail) => {
      request.onsuccess = () => ok(request.result);
      request.onerror = () => fail(request.error);
    });
    const get = db.transaction('runs').objectStore('runs').get(id);
    const run = await new Promise<{ experiment: Experiment }>((ok) => {
      get.onsuccess = () => ok(get.result);
    });
    db.close();
    return run.experiment;
  }, runId);
}

async function startedRun(page: Page): Promise<string> {
  const view = page.locator('[data-testid="run-view"][data-status="done"]');
  await view.waitFor({ timeout: 60_000 });
  return (await view.getAttribute('data-run-id'))!;
}

async function openEditor(page: Page) {
  await page.getByTestId('nav-experiments').click();
  await page.getByTestId('new-experiment').click();
  await page.getByTestId('experiment-editor').waitFor();
}

const saved = (page: Page) => page.locator('[data-testid="save-state"][data-saved="true"]').waitFor();

describe('the quick form and the experiment editor', () => {
  it('make the same experiment from the same choices', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, suite.app.url);

    await page.getByTestId('dataset-select').selectOption('moons');
    await page.getByTestId('samples').fill('300');
    await page.getByTestId('noise').fill('0.15');
    await page.getByTestId('remove-layer-1').click();
    await page.getByTestId('layer-units-0').fill('12');
    await page.getByTestId('layer-activation-0').selectOption('relu');
    await page.getByTestId('output-select').selectOption('softmax');
    await page.getByTestId('optimizer-select').selectOption('momentum');
    await page.getByTestId('learning-rate').fill('0.05');
    await page.getByTestId('epochs').fill('5');
    await page.getByTestId('batch-size').fill('8');
    await page.getByTestId('validation-split').fill('0.25');
    await page.getByTestId('seed').fill('7');
    await page.getByTestId('train-button').click();
    const quick = await storedExperiment(page, await startedRun(page));

    await openEditor(page);
    await page.getByTestId('experiment-dataset').selectOption('moons');
    await page.getByTestId('dataset-samples').fill('300');
    await page.getByTestId('dataset-noise').fill('0.15');
    await page.getByTestId('layer-remove-1').click();
    await page.getByTestId('layer-units-0').fill('12');
    await page.getByTestId('layer-activation-0').selectOption('relu');
    await page.getByTestId('output-activation').selectOption('softmax');
    await page.getByTestId('optimizer').selectOption('momentum');
    await page.getByTestId('learning-rate').fill('0.05');
    await page.getByTestId('epochs').fill('5');
    await page.getByTestId('batch-size').fill('8');
    await page.getByTestId('validation-split').fill('0.25');
    await page.getByTestId('seed').fill('7');
    await saved(page);
    await page.getByTestId('train-experiment').click();
    const { name, ...edited } = await storedExperiment(page, await startedRun(page));

    expect(name).toBe('Experiment 1');
    expect(edited).toEqual(quick);
    expect(quick).toEqual({
      dataset: { synthetic: 'moons', samples: 300, noise: 0.15, seed: 1 },
      model: { layers: [{ units: 12, activation: 'relu' }, { units: 2, activation: 'softmax' }], init: 'heNormal', biasInit: 'zeros', loss: 'categoricalCrossEntropy' },
      training: {
        optimizer: { name: 'momentum', learningRate: 0.05, momentum: 0.9, nesterov: false },
        schedule: { name: 'constant' },
        batchSize: 8,
        epochs: 5,
        seed: 7,
        dtype: 'float64',
        validationSplit: 0.25,
        l2: 0,
        shuffle: true,
        backend: 'auto',
      },
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('start from the same defaults, name a bad value under its box, and propose the same loss for an output', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, suite.app.url);
    const quickDefaults = {
      epochs: await page.getByTestId('epochs').inputValue(),
      learningRate: await page.getByTestId('learning-rate').inputValue(),
      batch: await page.getByTestId('batch-size').inputValue(),
      validation: await page.getByTestId('validation-split').inputValue(),
      samples: await page.getByTestId('samples').inputValue(),
    };
    expect(quickDefaults).toEqual({ epochs: '200', learningRate: '0.01', batch: '16', validation: '0.2', samples: '600' });

    // Two classes: sigmoid on one unit with binary cross-entropy, or softmax on two with categorical.
    expect(await page.getByTestId('output-select').locator('option').allTextContents()).toEqual(['1 sigmoid · binary cross-entropy', '2 softmax · categorical cross-entropy']);

    // The quick form: each message under its box, Train blocked until all are fixed.
    await page.getByTestId('layer-units-0').fill('0');
    await page.getByTestId('learning-rate').fill('abc');
    await page.getByTestId('samples').fill('many');
    await page.getByTestId('batch-size').fill('2.5');
    expect(await page.getByTestId('layer-units-0-issue').textContent()).toBe('expected a number ≥ 1');
    expect(await page.getByTestId('learning-rate-issue').textContent()).toBe('expected a number');
    expect(await page.getByTestId('samples-issue').textContent()).toBe('expected a number');
    expect(await page.getByTestId('batch-size-issue').textContent()).toBe('expected a whole number');
    expect(await page.getByTestId('train-button').isDisabled()).toBe(true);
    await page.getByTestId('layer-units-0').fill('32');
    await page.getByTestId('learning-rate').fill('0.01');
    await page.getByTestId('samples').fill('600');
    await page.getByTestId('batch-size').fill('16');
    expect(await page.getByTestId('train-button').isDisabled()).toBe(false);

    await openEditor(page);
    expect({
      epochs: await page.getByTestId('epochs').inputValue(),
      learningRate: await page.getByTestId('learning-rate').inputValue(),
      batch: await page.getByTestId('batch-size').inputValue(),
      validation: await page.getByTestId('validation-split').inputValue(),
      samples: await page.getByTestId('dataset-samples').inputValue(),
    }).toEqual(quickDefaults);
    await page.getByTestId('layer-units-0').fill('0');
    await page.getByTestId('learning-rate').fill('abc');
    await page.getByTestId('dataset-samples').fill('many');
    await page.getByTestId('batch-size').fill('2.5');
    expect(await page.getByTestId('layer-units-0-issue').textContent()).toBe('expected a number ≥ 1');
    expect(await page.getByTestId('learning-rate-issue').textContent()).toBe('expected a number');
    expect(await page.getByTestId('dataset-samples-issue').textContent()).toBe('expected a number');
    expect(await page.getByTestId('batch-size-issue').textContent()).toBe('expected a whole number');
    expect(await page.getByTestId('train-experiment').isDisabled()).toBe(true);
    // Fixed, the draft trains again and the output is sized for the data once more.
    await page.getByTestId('layer-units-0').fill('32');
    await page.getByTestId('learning-rate').fill('0.01');
    await page.getByTestId('dataset-samples').fill('600');
    await page.getByTestId('batch-size').fill('16');
    expect(await page.getByTestId('train-experiment').isDisabled()).toBe(false);

    await page.getByTestId('output-activation').selectOption('softmax');
    expect(await page.getByTestId('loss-select').inputValue()).toBe('categoricalCrossEntropy');
    expect(await page.getByTestId('output-units').textContent()).toBe('2 units');
    await page.getByTestId('output-activation').selectOption('sigmoid');
    expect(await page.getByTestId('loss-select').inputValue()).toBe('binaryCrossEntropy');
    expect(await page.getByTestId('output-units').textContent()).toBe('1 unit');
    // Three classes: sigmoid needs a unit per class, and the loss follows it.
    await page.getByTestId('experiment-dataset').selectOption('stored:builtin/iris');
    await page.getByTestId('output-units').filter({ hasText: '3 units' }).waitFor();
    expect(await page.getByTestId('output-activation').inputValue()).toBe('softmax');
    expect(await page.getByTestId('loss-select').inputValue()).toBe('categoricalCrossEntropy');

    await page.getByTestId('nav-runs').click();
    await page.getByTestId('dataset-select').selectOption('stored:builtin/iris');
    await page.getByTestId('output-select').locator('option', { hasText: '3 softmax · categorical cross-entropy' }).waitFor({ state: 'attached' });
    expect(await page.getByTestId('output-select').locator('option').allTextContents()).toEqual(['3 softmax · categorical cross-entropy']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
