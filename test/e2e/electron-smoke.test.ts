import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { electronUnavailable, launchWorkbench, type LaunchedWorkbench } from './support/electron-app';

// The desktop app end to end: the built app launches, the page sees `window.workbench`, a spiral
// run trains in a utility process through the pool, its curves fill, and the run is still listed
// after a reload. Runs wherever an Electron binary (and a display) is available; says why otherwise.

const unavailable = electronUnavailable();
if (unavailable) console.warn(`SKIPPED electron smoke test: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('Electron app', () => {
  let workbench: LaunchedWorkbench;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    workbench = await launchWorkbench();
    page = await workbench.app.firstWindow();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
  });

  afterAll(async () => {
    await workbench?.close();
  });

  it('serves the page from app://workbench with the preload API and the CSP header', async () => {
    expect(page.url()).toMatch(/^app:\/\/workbench\/index\.html(#.*)?$/);
    expect(await page.evaluate(() => typeof window.workbench?.startRun)).toBe('function');
    expect(await page.evaluate(() => 'require' in window || 'process' in window)).toBe(false);
    await expect.poll(() => page.getByTestId('host-kind').getAttribute('data-host')).toBe('electron');
    const csp = await page.evaluate(async () => (await fetch('app://workbench/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('trains two spirals in a utility process, draws the curves live, and keeps the run after a reload', async () => {
    await page.getByTestId('nav-runs').click();
    await page.getByTestId('dataset-select').selectOption('spirals');
    await page.getByTestId('epochs').fill('150');
    await page.getByTestId('train-button').click();

    const view = page.getByTestId('run-view');
    await view.waitFor({ timeout: 60_000 });
    const runId = await view.getAttribute('data-run-id');
    await page.locator(`[data-testid="run-view"][data-run-id="${runId}"][data-status="done"]`).waitFor({ timeout: 120_000 });

    expect(Number(await page.getByTestId('run-progress').getAttribute('data-epochs-done'))).toBe(150);
    // Updates are batched to at most 20 a second, but every epoch arrives and is drawn.
    expect(Number(await page.getByTestId('loss-chart').getAttribute('data-points'))).toBe(150);
    expect(Number(await page.getByTestId('metric-validation-accuracy').getAttribute('data-value'))).toBeGreaterThan(0.8);

    await page.reload();
    const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('done');
    expect(errors).toEqual([]);
  });
});
