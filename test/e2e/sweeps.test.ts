import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAppPage, expectCount } from './support/browser';
import { useWebAppSuite } from './support/web-app-suite';

// A sweep in a real Chromium against the web build: define 3 learning rates × 2 widths (6 runs of
// 30 epochs on the two spirals), watch the progress, read the ranked results and the scatter
// charts, and open the best run on the Runs page.

const suite = useWebAppSuite();

const SCREENSHOT = process.env.SWEEP_SCREENSHOT;
const CLI = resolve(import.meta.dirname, '../../bin/nn-workbench.js');
const XOR_SWEEP = {
  name: 'xor',
  experiment: {
    dataset: { synthetic: 'xor' },
    model: { layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
    training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 20, seed: 1 },
  },
  parameters: { learningRate: [0.1, 0.01] },
  repeats: 2,
};

describe('a sweep in the browser build', () => {
  it('runs 6 configurations, ranks them, charts them and opens the best run', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, suite.app.url);
    await page.getByTestId('nav-sweeps').click();
    await page.getByTestId('sweep-form').waitFor();
    expect(await page.getByTestId('sweeps-empty').textContent()).toContain('No sweeps yet');

    await page.getByTestId('sweep-parameter-values-0').fill('0.03, 0.01, 0.003');
    await page.getByTestId('sweep-parameter-values-1').fill('8, 32');
    await page.getByTestId('sweep-add-parameter').click();
    await page.getByTestId('sweep-parameter-name-2').selectOption('epochs');
    await page.getByTestId('sweep-parameter-values-2').fill('30');
    expect(await page.getByTestId('sweep-count').getAttribute('data-runs')).toBe('6');
    expect(await page.getByTestId('sweep-count').textContent()).toBe('6 runs · 6 combinations × 1 seed');
    // A bad value is named before anything starts.
    await page.getByTestId('sweep-parameter-values-1').fill('8, 0');
    expect(await page.getByTestId('sweep-problem').textContent()).toBe(
      'parameters: with learningRate = 0.03, width = 0, epochs = 30 the experiment is invalid — model.layers.0.units: expected a number ≥ 1',
    );
    expect(await page.getByTestId('sweep-start').isDisabled()).toBe(true);
    await page.getByTestId('sweep-parameter-values-1').fill('8, 32');
    await page.getByTestId('sweep-name').fill('spirals lr × width');
    await page.getByTestId('sweep-start').click();

    await page.waitForURL(/#\/sweeps\/[0-9a-f-]{36}$/);
    await page.getByTestId('sweep-view').waitFor();
    expect(await page.getByTestId('sweep-title').textContent()).toBe('spirals lr × width');
    expect(await page.getByTestId('sweep-progress').getAttribute('data-total')).toBe('6');
    // The sweep's record and its runs' records are separate live queries: wait for both.
    await page.locator('[data-testid="sweep-view"][data-status="done"]').waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="sweep-progress"][data-done="6"]').waitFor();
    expect(await page.getByTestId('sweep-status').textContent()).toBe('done');

    const rows = page.getByTestId('sweep-result-row');
    await expectCount(rows, 6);
    expect(await rows.evaluateAll((cells) => cells.map((row) => `${row.getAttribute('data-status')} ${row.getAttribute('title') ?? ''}`.trim()))).toEqual(Array(6).fill('done'));
    const losses = (await page.getByTestId('sweep-result-metric').allTextContents()).map(Number);
    expect(losses.every((loss) => loss > 0 && loss < 1)).toBe(true);
    expect(losses).toEqual([...losses].sort((a, b) => a - b));

    for (const parameter of ['learningRate', 'width']) {
      const chart = page.getByTestId(`sweep-scatter-${parameter}`);
      expect(await chart.getAttribute('data-points')).toBe('6');
      await expectCount(chart.locator('.recharts-scatter-symbol'), 6);
    }
    // epochs has one value: said once, with no chart or axis of its own.
    expect(await page.getByTestId('sweep-fixed').textContent()).toBe('Same in every run: epochs 30');
    await expectCount(page.getByTestId('sweep-scatter-epochs'), 0);
    // The width chart ticks its two values, not round numbers between them.
    expect(await page.getByTestId('sweep-scatter-width').locator('.recharts-xAxis-tick-labels text').allTextContents()).toEqual(['8', '32']);

    expect(await page.getByTestId('sweep-parallel').getAttribute('data-lines')).toBe('6');
    expect(await page.getByTestId('sweep-parallel').locator('.pc-name').allTextContents()).toEqual(['learningRate', 'width', 'validation loss']);
    await expectCount(page.getByTestId('sweep-parallel').locator('polyline'), 6);

    await page.getByTestId('sweep-metric').selectOption('validationAccuracy');
    const accuracies = (await page.getByTestId('sweep-result-metric').allTextContents()).map((text) => Number(text.replace('%', '')));
    expect(accuracies).toEqual([...accuracies].sort((a, b) => b - a));
    await page.getByTestId('sweep-filter').fill('width 32');
    await expectCount(rows, 3);
    await page.getByTestId('sweep-filter').fill('');
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await page.getByTestId('sweep-compare-k').fill('3');
    await page.getByTestId('sweep-compare-top').click();
    // Three run ids after #/compare/, joined by (encoded) commas.
    await page.waitForURL((url) => /#\/compare\/[^,]+,[^,]+,[^,]+$/.test(decodeURIComponent(url.hash)));
    await page.goBack();
    await page.getByTestId('sweep-view').waitFor();
    await page.getByTestId('sweep-metric').selectOption('validationAccuracy');

    const bestStatusLink = rows.first().locator('a');
    const bestRunHref = await bestStatusLink.getAttribute('href');
    await page.getByTestId('sweep-open-best').click();
    await page.waitForURL(/#\/runs\//);
    expect(page.url().endsWith(bestRunHref!)).toBe(true);
    const runView = page.locator('[data-testid="run-view"][data-status="done"]');
    await runView.waitFor();
    expect(Number(await page.getByTestId('metric-validation-accuracy').getAttribute('data-value')) * 100).toBeCloseTo(accuracies[0], 1);
    await expectCount(page.getByTestId('run-row'), 6);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('picks up its remaining runs after a reload, pauses, resumes and cancels', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, `${suite.app.url}#/sweeps`);
    await page.getByTestId('sweep-form').waitFor();
    await page.getByTestId('sweep-parameter-values-0').fill('0.01, 0.003');
    await page.getByTestId('sweep-parameter-values-1').fill('8, 16');
    await page.getByTestId('sweep-add-parameter').click();
    await page.getByTestId('sweep-parameter-name-2').selectOption('epochs');
    await page.getByTestId('sweep-parameter-values-2').fill('100000');
    await page.getByTestId('sweep-name').fill('long');
    await page.getByTestId('sweep-start').click();
    await page.waitForURL(/#\/sweeps\/[0-9a-f-]{36}$/);
    const running = page.locator('[data-testid="sweep-result-row"][data-status="running"]');
    await running.first().waitFor();
    const before = await running.locator('a').first().getAttribute('href');

    await page.reload();
    await page.locator('[data-testid="sweep-view"][data-status="running"]').waitFor();
    await running.first().waitFor();
    // The run that was training when the page went is trained again, as a new run.
    // (The page may show the sweep as it was stored for a moment before the restart requeues it.)
    await expect.poll(() => running.locator('a').first().getAttribute('href'), { timeout: 15_000 }).not.toBe(before);
    expect(await page.locator('[data-testid="sweep-result-row"][data-status="pending"]').count()).toBeGreaterThan(0);

    await page.getByTestId('sweep-pause').click();
    await page.locator('[data-testid="sweep-view"][data-status="paused"]').waitFor();
    expect(await page.getByTestId('sweep-status').textContent()).toBe('paused');
    await page.getByTestId('sweep-resume').click();
    await page.locator('[data-testid="sweep-view"][data-status="running"]').waitFor();
    await page.getByTestId('sweep-cancel').click();
    await page.locator('[data-testid="sweep-view"][data-status="cancelled"]').waitFor();
    // Cancelled runs are counted apart, not as finished.
    await page.locator('[data-testid="sweep-progress"][data-cancelled="4"]').waitFor();
    expect(await page.getByTestId('sweep-progress').getAttribute('data-done')).toBe('0');
    expect(await page.getByTestId('sweep-cancelled-count').textContent()).toBe(' · 4 cancelled');
    await expectCount(page.locator('[data-testid="sweep-result-row"][data-status="cancelled"]'), 4);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('resumes a cancelled sweep after a reload and finishes it', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, `${suite.app.url}#/sweeps`);
    await page.getByTestId('sweep-form').waitFor();
    await page.getByTestId('sweep-parameter-values-0').fill('0.03, 0.01');
    await page.getByTestId('sweep-parameter-values-1').fill('8, 16');
    await page.getByTestId('sweep-add-parameter').click();
    await page.getByTestId('sweep-parameter-name-2').selectOption('epochs');
    await page.getByTestId('sweep-parameter-values-2').fill('15');
    await page.getByTestId('sweep-name').fill('resumed');
    await page.getByTestId('sweep-start').click();
    await page.waitForURL(/#\/sweeps\/[0-9a-f-]{36}$/);
    await page.getByTestId('sweep-cancel').click();
    await page.locator('[data-testid="sweep-view"][data-status="cancelled"]').waitFor();
    const progress = page.getByTestId('sweep-progress');
    // Whatever finished before the cancel stays finished; the rest is cancelled.
    await page.waitForFunction(() => {
      const element = document.querySelector('[data-testid="sweep-progress"]');
      return Number(element?.getAttribute('data-done')) + Number(element?.getAttribute('data-cancelled')) === 4;
    });
    const cancelled = Number(await progress.getAttribute('data-cancelled'));
    expect(cancelled).toBeGreaterThan(0);

    await page.reload();
    await page.getByTestId('sweep-resume').click();
    await page.locator('[data-testid="sweep-view"][data-status="done"]').waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="sweep-progress"][data-done="4"][data-cancelled="0"]').waitFor();
    expect(await progress.getAttribute('data-percent')).toBe('100.0');
    await expectCount(page.locator('[data-testid="sweep-result-row"][data-status="done"]'), 4);
    expect(await page.getByTestId('sweep-status').textContent()).toBe('done');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('imports a results file written by the CLI and ranks it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-sweep-e2e-'));
    writeFileSync(join(dir, 'xor.sweep.json'), JSON.stringify(XOR_SWEEP));
    const cli = spawnSync(process.execPath, [CLI, 'sweep', 'xor.sweep.json', '--parallel', '1', '--out', 'results.jsonl'], { cwd: dir, encoding: 'utf8' });
    expect(cli.status).toBe(0);
    const { page, context, errors } = await openAppPage(suite.browser, `${suite.app.url}#/sweeps`);
    await page.getByTestId('sweep-import-file').setInputFiles(join(dir, 'results.jsonl'));
    await page.waitForURL(/#\/sweeps\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('sweep-title').textContent()).toBe('xor (imported from results.jsonl)');
    await page.locator('[data-testid="sweep-progress"][data-done="4"]').waitFor();
    await expectCount(page.getByTestId('sweep-result-row'), 4);
    // Without validation rows the ranking falls back to train loss.
    expect(await page.getByTestId('sweep-metric').inputValue()).toBe('trainLoss');
    expect(await page.getByTestId('sweep-scatter-learningRate').getAttribute('data-points')).toBe('4');
    expect(await page.getByTestId('sweep-open-best').isDisabled()).toBe(true);
    // Why its runs cannot be opened is said, and how many of the planned runs the file had.
    expect(await page.getByTestId('sweep-imported').getAttribute('data-planned')).toBe('4');
    expect(await page.getByTestId('sweep-imported').textContent()).toContain('All 4 planned runs imported.');
    // The same file again updates that sweep rather than adding a second one.
    const first = page.url();
    await page.getByTestId('sweep-import-file').setInputFiles(join(dir, 'results.jsonl'));
    await page.waitForURL(first);
    await expectCount(page.getByTestId('sweeps-list').locator('li'), 1);
    await expectCount(page.getByTestId('sweep-result-row'), 4);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('sweep-delete').click();
    await page.getByTestId('sweeps-empty').waitFor();

    await page.getByTestId('sweep-import-file').setInputFiles({ name: 'broken.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from('{"nope": 1}\n') });
    expect(await page.getByTestId('sweep-import-error').textContent()).toMatch(/^broken\.jsonl line 1: not a sweep result — format:/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
