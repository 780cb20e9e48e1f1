import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectCount, openAppPage } from './support/browser';
import { useWebAppSuite } from './support/web-app-suite';

// The run queue in the browser build, as a user meets it on the Runs page: four long runs started
// from the form with room for one or two at a time (the page leaves a core for itself, so a
// machine of 2 or 3 cores), one cancelled while it waits (it never trains) and one while it trains
// (the next waiting run takes its place); then a sweep over a log range through the same queue,
// its values read as its tables show them. QUEUE_SCREENSHOTS=<dir> saves the pages.

const suite = useWebAppSuite();

const SCREENSHOTS = process.env.QUEUE_SCREENSHOTS;
const shoot = async (page: Page, name: string) => {
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
};

/** Each run's status, oldest first (the list shows the newest first). */
const statuses = (page: Page) => page.getByTestId('run-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')).reverse());

/**
 * Waits until the runs have these statuses, oldest first; fails with the statuses last seen. The
 * page stores what its workers report a few seconds late when the machine is busy, so this waits long.
 */
async function waitForStatuses(page: Page, expected: string[]) {
  const deadline = Date.now() + 90_000;
  let seen = await statuses(page);
  while (JSON.stringify(seen) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    seen = await statuses(page);
  }
  expect(seen).toEqual(expected);
}

const rowOf = (page: Page, runId: string) => page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);

describe('the run queue in the browser build', () => {
  it.each([1, 2])('trains %i run(s) at a time, in order, and cancels a waiting and a training run', async (parallel) => {
    const { page, context, errors } = await openAppPage(suite.browser, suite.app.url);
    // The host trains on all cores but one: this page sees `parallel + 1` of them.
    await context.addInitScript((cores) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => cores }), parallel + 1);
    await page.reload();
    // Epochs of a few hundredths of a second: XOR's thousands a second would only measure how far
    // the page's recording falls behind its workers on a busy machine.
    await page.getByTestId('dataset-select').selectOption('spirals');
    await page.getByTestId('samples').fill('2000');
    await page.getByTestId('epochs').fill('100000');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.getByTestId('train-button').click();
      const row = page.locator(`[data-testid="run-row"]${ids.map((id) => `:not([data-run-id="${id}"])`).join('')}`).first();
      await row.waitFor();
      ids.push((await row.getAttribute('data-run-id'))!);
    }
    const waiting = Array(4 - parallel).fill('queued');
    await waitForStatuses(page, [...Array(parallel).fill('running'), ...waiting]);
    await shoot(page, `parallel-${parallel}-started`);

    // The last one, still waiting: it ends at once and never trains.
    await rowOf(page, ids[3]).getByTestId('row-cancel').click();
    await waitForStatuses(page, [...Array(parallel).fill('running'), ...waiting.slice(1), 'cancelled']);
    expect(await rowOf(page, ids[3]).locator('td.number').first().textContent()).toBe('0 / 100000');

    // The first one, training: it stops, keeps its epochs, and the next waiting run starts.
    await page.waitForFunction((id) => Number(document.querySelector(`[data-testid="run-row"][data-run-id="${id}"] td.number`)?.textContent?.split(' / ')[0]) > 0, ids[0]);
    await rowOf(page, ids[0]).getByTestId('row-cancel').click();
    await waitForStatuses(page, ['cancelled', ...Array(parallel).fill('running'), ...waiting.slice(2), 'cancelled']);
    await shoot(page, `parallel-${parallel}-cancelled`);
    await page.locator(`a[data-testid="run-name"][href$="${ids[0]}"]`).click();
    await page.locator(`[data-testid="run-view"][data-run-id="${ids[0]}"][data-status="cancelled"]`).waitFor();
    expect(Number(await page.getByTestId('run-progress').getAttribute('data-epochs-done'))).toBeGreaterThan(0);
    expect(await page.getByTestId('run-message').textContent()).toMatch(/^Cancelled during epoch \d+\.$/);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('trains a log-range sweep through the same queue, two runs at a time at most; the Runs list reads its learning rates to 4 significant digits', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, `${suite.app.url}#/sweeps`);
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 3 }));
    await page.reload();
    await page.getByTestId('sweep-form').waitFor();
    await page.getByTestId('sweep-parameter-mode-0').selectOption('range');
    await page.getByTestId('sweep-parameter-min-0').fill('0.001');
    await page.getByTestId('sweep-parameter-max-0').fill('0.1');
    await page.getByTestId('sweep-parameter-steps-0').fill('5');
    await page.getByTestId('sweep-parameter-scale-0').selectOption('log');
    await page.getByTestId('sweep-parameter-values-1').fill('8');
    await page.getByTestId('sweep-add-parameter').click();
    await page.getByTestId('sweep-parameter-name-2').selectOption('epochs');
    await page.getByTestId('sweep-parameter-values-2').fill('20');
    await page.getByTestId('sweep-name').fill('log lr');
    await page.getByTestId('sweep-start').click();
    await page.waitForURL(/#\/sweeps\/[0-9a-f-]{36}$/);
    await page.locator('[data-testid="sweep-view"][data-status="done"]').waitFor({ timeout: 180_000 });
    await page.locator('[data-testid="sweep-progress"][data-done="5"]').waitFor();
    await shoot(page, 'sweep-done');

    await page.getByTestId('nav-runs').click();
    await expectCount(page.getByTestId('run-row'), 5);
    expect(await statuses(page)).toEqual(Array(5).fill('done'));
    const names = await page.getByTestId('run-name').allTextContents();
    expect(names.map((name) => name.split(' adam ')[1]).sort()).toEqual(['0.001', '0.003162', '0.01', '0.03162', '0.1']);
    await shoot(page, 'sweep-runs');
    expect(errors).toEqual([]);
    await context.close();
  });
});
