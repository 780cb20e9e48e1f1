import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { launchChromium, openAppPage } from '../test/e2e/support/browser';
import { definePageNameHelper, seedManyRuns } from '../test/e2e/support/many-runs';
import { serveWebApp } from '../test/e2e/support/web-app';

// (h) The workbench with many runs, in Chromium against the web build (issue 20): a database of
// 1,000 runs × 200 epochs with a 250-run sweep among them. Timed in the page, from the action to
// the frame after the result is in the page: the Runs page's first render (list of 1,000 shown),
// a keystroke in its search (the list filtered), select-all, Compare with 100 runs (both charts
// with 100 lines), the sweep's results page (250 rows, scatter charts, parallel coordinates).
// Targets: first render ≤ 300 ms, keystroke ≤ 100 ms, Compare 100 ≤ 1 s, sweep page ≤ 500 ms.
// Medians of `reps`, interleaved. BENCH_SCREENSHOTS=<dir> saves each page as it was measured.

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs `act` in the page, then waits frame by frame until `selector` matches `count` elements; milliseconds. */
async function timeInPage(page: Page, act: string, selector: string, count = 1): Promise<number> {
  await definePageNameHelper(page);
  return page.evaluate(
    async ({ act, selector, count }) => {
      const start = performance.now();
      new Function(act)();
      await new Promise<void>((resolve, reject) => {
        const deadline = start + 60_000;
        const check = () => {
          if (document.querySelectorAll(selector).length >= count) resolve();
          else if (performance.now() > deadline) reject(new Error(`${selector} never reached ${count}`));
          else requestAnimationFrame(check);
        };
        check();
      });
      return performance.now() - start;
    },
    { act, selector, count },
  );
}

/** Types one character into React's search box the way a keyboard does (React listens to input events). */
const typeInto = (testId: string, text: string) => `
  const input = document.querySelector('[data-testid="${testId}"]');
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, ${JSON.stringify(text)});
  input.dispatchEvent(new Event('input', { bubbles: true }));`;

export async function benchRunsAtScale(reps: number): Promise<void> {
  console.log('\nRuns, Compare and Sweeps with 1,000 runs (Chromium, web build)');
  const browser = await launchChromium();
  const app = await serveWebApp();
  const shots = process.env.BENCH_SCREENSHOTS;
  try {
    const { page, context } = await openAppPage(browser, `${app.url}#/datasets`);
    await page.getByTestId('nav-datasets').waitFor();
    const seedStart = performance.now();
    const seeded = await seedManyRuns(page, { runs: 1000, epochs: 200, sweepRuns: 250 });
    console.log(`seeded 1,000 runs × 200 epochs and a 250-run sweep in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const compared = seeded.runs.slice(0, 100).map((run) => run.id);
    const times = { first: [] as number[], keystroke: [] as number[], selectAll: [] as number[], compare: [] as number[], sweep: [] as number[] };
    for (let rep = 0; rep < reps; rep++) {
      await page.goto(`${app.url}#/datasets`);
      await page.getByTestId('nav-datasets').waitFor();
      times.first.push(await timeInPage(page, `location.hash = '#/runs'`, '[data-testid="runs-count"][data-total="1000"]'));
      await page.locator('[data-testid="run-row"]').first().waitFor();
      if (shots && rep === 0) await page.screenshot({ path: `${shots}/bench-runs.png`, fullPage: true });
      // One keystroke at a time, "moons": each is timed until the list shows that query.
      for (let length = 1; length <= 'moons'.length; length++) {
        const text = 'moons'.slice(0, length);
        times.keystroke.push(await timeInPage(page, typeInto('runs-search', text), `[data-testid="runs-count"][data-query="${text}"]`));
      }
      await page.getByTestId('runs-search').fill('');
      await page.locator('[data-testid="runs-count"][data-shown="1000"]').waitFor();
      times.selectAll.push(await timeInPage(page, `document.querySelector('[data-testid="runs-select-all"]').click()`, '[data-testid="runs-count"][data-selected="1000"]'));
      times.compare.push(await timeInPage(page, `location.hash = '#/compare/${compared.join(',')}'`, '[data-testid="compare-accuracy-chart"] .compare-line path', 100));
      if (shots && rep === 0) await page.screenshot({ path: `${shots}/bench-compare.png`, fullPage: true });
      times.sweep.push(await timeInPage(page, `location.hash = '#/sweeps/${seeded.sweepId}'`, '[data-testid="sweep-parallel"] polyline', 250));
      await page.locator('[data-testid="sweep-result-row"]').nth(249).waitFor();
      if (shots && rep === 0) await page.screenshot({ path: `${shots}/bench-sweep.png`, fullPage: true });
    }
    await context.close();
    const ms = (values: number[]) => `${median(values).toFixed(0)} ms`;
    const verdict = (values: number[], target: number) => (median(values) <= target ? `within ${target} ms` : `over ${target} ms`);
    console.log(`Runs page, first render of the list: ${ms(times.first)} (${verdict(times.first, 300)})`);
    console.log(`a keystroke in the search, list filtered: ${ms(times.keystroke)} median of ${times.keystroke.length}, slowest ${Math.max(...times.keystroke).toFixed(0)} ms (${verdict(times.keystroke, 100)})`);
    console.log(`select all 1,000: ${ms(times.selectAll)}`);
    console.log(`Compare 100 runs, both charts drawn: ${ms(times.compare)} (${verdict(times.compare, 1000)})`);
    console.log(`sweep results page (250 runs): ${ms(times.sweep)} (${verdict(times.sweep, 500)})`);
    console.log(`medians of ${reps}; load average ${loadavg().map((load) => load.toFixed(1)).join(', ')} — on a shared, busy machine these are upper bounds`);
  } finally {
    await browser.close();
    await app.close();
  }
}
