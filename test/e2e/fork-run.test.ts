import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectCount, openAppPage } from './support/browser';
import { trainSpirals } from './support/quick-run';
import { finalWeights } from './support/stored-weights';
import { useWebAppSuite } from './support/web-app-suite';

// Forking a finished run from its checkpoint: unchanged, the fork ends with the very bits of
// "Continue training"; with a lower learning rate it says what it changed, its chart starts with the
// parent's epochs; a change a fork cannot take (the seed) is refused under its field with why; and
// Compare draws the parent and its forks as branches from the common epoch.

const EPOCHS = 30;
const SHOTS = process.env.E2E_SCREENSHOTS;

const suite = useWebAppSuite();

/** Waits for a run other than `known` to show, then for it to finish; returns its id. */
async function nextRun(page: Page, known: string[]): Promise<string> {
  const view = page.locator(`[data-testid="run-view"]${known.map((id) => `:not([data-run-id="${id}"])`).join('')}`);
  await view.waitFor();
  const id = (await view.getAttribute('data-run-id'))!;
  await page.locator(`[data-testid="run-view"][data-run-id="${id}"][data-status="done"]`).waitFor({ timeout: 240_000 });
  return id;
}

async function openRun(page: Page, id: string): Promise<void> {
  await page.goto(`${suite.app.url}#/runs/${id}`);
  await page.locator(`[data-testid="run-view"][data-run-id="${id}"]`).waitFor();
}

describe('forking a run in the browser build', () => {
  it('an unchanged fork equals Continue training to the bit; a changed one says what changed; Compare shows the branches', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, suite.app.url);
    await trainSpirals(page, { samples: 400, epochs: EPOCHS });
    const parentId = await nextRun(page, []);

    await page.getByTestId('continue-training').click();
    const continuedId = await nextRun(page, [parentId]);
    const continued = await finalWeights(page, continuedId);

    // Unchanged: the fork panel starts at the continuation's epochs, and the fork is that continuation.
    await openRun(page, parentId);
    await page.getByTestId('fork-run').click();
    const panel = page.getByTestId('fork-panel');
    expect(await panel.getByTestId('epochs').inputValue()).toBe(String(2 * EPOCHS));
    expect(await panel.getByTestId('fork-changes').textContent()).toBe(`Changed: epochs ${EPOCHS} → ${2 * EPOCHS}`);
    await panel.getByTestId('start-fork').click();
    const sameId = await nextRun(page, [parentId, continuedId]);
    expect(await finalWeights(page, sameId)).toBe(continued);

    // A lower learning rate: refused changes first, then the fork.
    await openRun(page, parentId);
    await page.getByTestId('fork-run').click();
    await panel.getByTestId('seed').fill('2');
    expect(await panel.getByTestId('fork-refused').textContent()).toContain('training.seed: a fork cannot change this, since the seed chose the initial weights');
    expect(await panel.getByTestId('start-fork').isDisabled()).toBe(true);
    await panel.getByTestId('seed').fill('1');
    await panel.getByTestId('optimizer').selectOption('sgd');
    expect(await panel.getByTestId('fork-note').textContent()).toBe('sgd starts its own state at zero (velocities, moments and step count 0): the checkpoint’s adam state is not carried over.');
    await panel.getByTestId('optimizer').selectOption('adam');
    await panel.getByTestId('learning-rate').fill('0.001');
    expect(await panel.getByTestId('fork-changes').textContent()).toBe(`Changed: learningRate 0.01 → 0.001, epochs ${EPOCHS} → ${2 * EPOCHS}`);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/fork-panel.png`, fullPage: true });
    await panel.getByTestId('start-fork').click();
    const lowerId = await nextRun(page, [parentId, continuedId, sameId]);
    expect(await page.getByTestId('forked-from').textContent()).toMatch(
      new RegExp(`^Forked from .+ at epoch ${EPOCHS} \\(changed: learningRate 0\\.01 → 0\\.001, epochs ${EPOCHS} → ${2 * EPOCHS}\\)$`),
    );
    expect(await page.getByTestId('continued-from').getAttribute('href')).toBe(`#/runs/${parentId}`);
    const chart = page.getByTestId('loss-chart');
    await expect.poll(async () => [await chart.getAttribute('data-first-epoch'), await chart.getAttribute('data-last-epoch')]).toEqual(['0', String(2 * EPOCHS)]);
    expect(await finalWeights(page, lowerId)).not.toBe(continued);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/fork-run.png`, fullPage: true });

    // Compare: the three runs share the parent's epochs 1–30 (the same numbers), each line marked there.
    await page.goto(`${suite.app.url}#/compare/${[parentId, sameId, lowerId].join(',')}`);
    await page.locator('[data-testid="compare-page"][data-runs="3"]').waitFor();
    await page.getByTestId('compare-branches').waitFor();
    const lossChart = page.getByTestId('compare-loss-chart');
    await expectCount(lossChart.getByTestId('branch-marker'), 3);
    expect(await lossChart.getByTestId('branch-marker').evaluateAll((markers) => markers.map((m) => m.getAttribute('data-x')))).toEqual([String(EPOCHS), String(EPOCHS), String(EPOCHS)]);
    expect(await page.getByTestId('summary-common-epoch').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')))).toEqual([String(EPOCHS), String(EPOCHS), String(EPOCHS)]);
    await page.getByTestId('compare-at-epoch').fill('20');
    const atTwenty = await page.getByTestId('summary-at-loss').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')));
    expect(new Set(atTwenty).size).toBe(1);
    const finals = await page.getByTestId('summary-final-loss').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')));
    expect(new Set(finals).size).toBe(3);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/compare-branches.png`, fullPage: true });

    expect(errors).toEqual([]);
    await context.close();
  });
});
