import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCount, openAppPage } from './support/browser';
import { useWebAppSuite } from './support/web-app-suite';

// A sweep run headless by the CLI (on a CSV file) imported into the app with its weights folder:
// the runs then open with their curves, predict on the app's copy of the data and compare; a file
// of another sweep in the folder is named; importing the results and attaching the folder again
// update rather than duplicate.

const suite = useWebAppSuite();
const CLI = resolve(import.meta.dirname, '../../bin/nn-workbench.js');
const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const SHOTS = process.env.E2E_SCREENSHOTS;
const EPOCHS = 15;
const SWEEP = {
  name: 'Iris rates',
  experiment: {
    dataset: { csv: 'iris.csv', target: 'species', normalize: 'standardize' },
    model: { layers: [{ units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
    training: { optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 16, epochs: EPOCHS, seed: 1, validationSplit: 0.2 },
  },
  parameters: { learningRate: [0.003, 0.03] },
};

describe('an imported CLI sweep with its weights folder', () => {
  it('opens, predicts and compares its runs, names a foreign file, and updates on a second import', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-sweep-folder-'));
    copyFileSync(join(FIXTURES, 'iris.csv'), join(dir, 'iris.csv'));
    writeFileSync(join(dir, 'iris.sweep.json'), JSON.stringify(SWEEP));
    const cli = spawnSync(process.execPath, [CLI, 'sweep', 'iris.sweep.json', '--parallel', '1', '--out', 'results.jsonl', '--weights-dir', 'weights'], { cwd: dir, encoding: 'utf8' });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    const written = readdirSync(join(dir, 'weights')).sort();
    expect(written.map((name) => name.replace(/-[0-9a-f]+\./, '-KEY.'))).toEqual([
      '00000-KEY.history.jsonl',
      '00000-KEY.weights.json',
      '00001-KEY.history.jsonl',
      '00001-KEY.weights.json',
    ]);
    // A weights file of another sweep lying in the folder.
    copyFileSync(join(dir, 'weights', written[1]), join(dir, 'weights', '00005-0123456789abcd.weights.json'));

    const { page, context, errors } = await openAppPage(suite.browser, `${suite.app.url}#/sweeps`);
    await page.getByTestId('sweep-import-file').setInputFiles(join(dir, 'results.jsonl'));
    await page.waitForURL(/#\/sweeps\/[0-9a-f-]{36}$/);
    const sweepUrl = page.url();
    expect(await page.getByTestId('sweep-open-best').isDisabled()).toBe(true);
    // Trained on a CSV path: the folder needs the app's copy of the data, and says so until it has one.
    await page.getByTestId('sweep-attach-folder').setInputFiles(join(dir, 'weights'));
    expect(await page.getByTestId('sweep-attach-error').textContent()).toBe(
      'These runs were trained on a file by the command line: pick the dataset of the app that holds the same data first.',
    );
    await page.getByTestId('sweep-attach-dataset').selectOption({ label: 'Iris' });
    await page.getByTestId('sweep-attach-folder').setInputFiles(join(dir, 'weights'));
    const report = page.getByTestId('sweep-attach-report');
    await report.waitFor();
    expect(await report.getAttribute('data-attached')).toBe('2');
    expect(await report.textContent()).toContain('Attached 2 runs (2 with their epoch history)');
    expect(await page.getByTestId('sweep-attach-problems').textContent()).toBe(
      'weights/00005-0123456789abcd.weights.json: no run of this sweep has the key 0123456789abcd (a file of another sweep, or of another experiment)',
    );
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/sweep-attached.png`, fullPage: true });

    // The best run opens like one trained here: its curve, its message, its predictions on Iris.
    await page.getByTestId('sweep-open-best').click();
    const view = page.locator('[data-testid="run-view"][data-status="done"]');
    await view.waitFor();
    expect(await page.getByTestId('run-progress').textContent()).toBe(`epoch ${EPOCHS} of ${EPOCHS}`);
    const chart = page.getByTestId('loss-chart');
    // The chart marks its epochs once its history has loaded, a render after the run view.
    await expect.poll(async () => [await chart.getAttribute('data-first-epoch'), await chart.getAttribute('data-last-epoch')]).toEqual(['1', String(EPOCHS)]);
    expect(await page.getByTestId('run-message').textContent()).toMatch(/^Trained by the command line \(sweep “Iris rates \(imported from results\.jsonl\)”, run \d\) on iris\.csv; evaluated here on Iris\.$/);
    // Its data here is the app's copy: training it again would not read the file as the CLI did.
    expect(await page.getByTestId('rerun').isDisabled()).toBe(true);
    expect(await page.getByTestId('continue-training').getAttribute('title')).toBe('Trained by the command line on iris.csv: train it there again (nn-workbench train, with its experiment)');
    await page.getByTestId('show-predictions').click();
    await page.getByTestId('predictions-table').waitFor({ timeout: 60_000 });
    // The app's Iris is unnormalized; the weights standardize it as the CLI did: the validation loss
    // of the predictions is the one the CLI reported for its last epoch.
    await page.getByTestId('predictions-split-validation').click();
    const reported = Number(await page.getByTestId('metric-validation-loss').getAttribute('data-value'));
    const predicted = Number(await page.getByTestId('predictions-summary').getAttribute('data-loss'));
    expect(Math.abs(predicted - reported)).toBeLessThan(1e-9 * reported);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/sweep-attached-run.png`, fullPage: true });

    // Compare the two.
    await page.goto(sweepUrl);
    await page.getByTestId('sweep-compare-k').fill('2');
    await page.getByTestId('sweep-compare-top').click();
    await page.locator('[data-testid="compare-page"][data-runs="2"]').waitFor();
    await page.locator('[data-testid="compare-loss-chart"][data-lines="2"]').waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/sweep-attached-compare.png`, fullPage: true });

    // The results again, and the folder again: still one sweep, two runs, attached.
    await page.goto(`${suite.app.url}#/sweeps`);
    await page.getByTestId('sweep-import-file').setInputFiles(join(dir, 'results.jsonl'));
    await page.waitForURL(sweepUrl);
    await expectCount(page.getByTestId('sweeps-list').locator('li'), 1);
    expect(await page.getByTestId('sweep-open-best').isDisabled()).toBe(false);
    await page.getByTestId('sweep-attach-dataset').selectOption({ label: 'Iris' });
    await page.getByTestId('sweep-attach-folder').setInputFiles(join(dir, 'weights'));
    await page.locator('[data-testid="sweep-attach-report"][data-attached="2"]').waitFor();
    await page.goto(`${suite.app.url}#/runs`);
    await expectCount(page.getByTestId('run-row'), 2);
    expect(errors).toEqual([]);
    await context.close();
  });
});
