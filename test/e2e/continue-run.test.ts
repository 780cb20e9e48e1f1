import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAppPage } from './support/browser';
import { trainSpirals } from './support/quick-run';
import { finalWeights } from './support/stored-weights';
import { useWebAppSuite } from './support/web-app-suite';

// A run interrupted by a reload goes on from its last checkpoint: "Continue training" counts the
// epochs on from the checkpoint's, the chart shows the whole run, and the final weights are the
// very numbers of the same experiment trained in one go (Rerun).

const EPOCHS = 3000;

const suite = useWebAppSuite();

const doneRun = (page: Page, notId?: string) =>
  page.locator(`[data-testid="run-view"][data-status="done"]${notId ? `:not([data-run-id="${notId}"])` : ''}`).waitFor({ timeout: 240_000 });

describe('continuing an interrupted run in the browser build', () => {
  it('reload mid-run, then Continue training: epochs count on from the checkpoint and end with the one-go weights', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, suite.app.url);
    await trainSpirals(page, { samples: 2000, epochs: EPOCHS });

    // A checkpoint is stored every few epochs and seconds; the button to take it away says so.
    await page.getByTestId('export-checkpoint').waitFor({ timeout: 120_000 });
    await page.reload();
    const interrupted = page.locator('[data-testid="run-view"][data-status="interrupted"]');
    await interrupted.waitFor();
    const parentId = (await interrupted.getAttribute('data-run-id'))!;
    const kept = Number(await page.getByTestId('run-progress').getAttribute('data-epochs-done'));
    expect(kept).toBeLessThan(EPOCHS);
    const title = (await page.getByTestId('continue-training').getAttribute('title'))!;
    const match = /^Train epochs (\d+)–(\d+) from the checkpoint of epoch (\d+): the same weights as one run of (\d+) epochs$/.exec(title);
    expect(match).not.toBeNull();
    const from = Number(match![3]);
    expect(from).toBeGreaterThanOrEqual(5);
    expect(from).toBeLessThanOrEqual(kept);
    expect([Number(match![1]), Number(match![2])]).toEqual([from + 1, EPOCHS]);

    await page.getByTestId('continue-training').click();
    const continued = page.locator(`[data-testid="run-view"]:not([data-run-id="${parentId}"])`);
    await continued.waitFor();
    const childId = (await continued.getAttribute('data-run-id'))!;
    expect(await page.getByTestId('continued-from').getAttribute('href')).toBe(`#/runs/${parentId}`);
    await doneRun(page, parentId);
    expect(await page.getByTestId('run-progress').textContent()).toBe(`epoch ${EPOCHS} of ${EPOCHS}`);
    // The chart: the parent's epochs 0…from, then this run's from + 1…EPOCHS.
    const chart = page.getByTestId('loss-chart');
    await expect.poll(async () => [await chart.getAttribute('data-first-epoch'), await chart.getAttribute('data-last-epoch')]).toEqual(['0', String(EPOCHS)]);
    const continuedWeights = await finalWeights(page, childId);

    // The same experiment in one go.
    await page.goto(`${suite.app.url}#/runs/${parentId}`);
    await page.locator(`[data-testid="run-view"][data-run-id="${parentId}"]`).waitFor();
    await page.getByTestId('rerun').click();
    await page.locator(`[data-testid="run-view"]:not([data-run-id="${parentId}"]):not([data-run-id="${childId}"])`).waitFor();
    const rerunId = (await page.getByTestId('run-view').getAttribute('data-run-id'))!;
    await page.locator(`[data-testid="run-view"][data-run-id="${rerunId}"][data-status="done"]`).waitFor({ timeout: 240_000 });
    expect(continuedWeights).toBe(await finalWeights(page, rerunId));
    expect(errors).toEqual([]);
    await context.close();
  });
});
