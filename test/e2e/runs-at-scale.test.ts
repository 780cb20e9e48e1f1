import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectCount, openAppPage } from './support/browser';
import { seedManyRuns } from './support/many-runs';
import { useWebAppSuite } from './support/web-app-suite';

// The Runs list and Compare with many runs, in a real Chromium against the web build: 150 runs
// (5 saved experiments, runs from the quick form, a 30-run sweep) sorted, searched, filtered,
// selected all and grouped; then 100 of them compared. SCALE_SCREENSHOTS=<dir> saves what a user
// sees at each step.

const suite = useWebAppSuite();

const SCREENSHOTS = process.env.SCALE_SCREENSHOTS;
const shoot = async (page: Page, name: string) => {
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
};

const count = async (page: Page, attribute: string) => Number(await page.getByTestId('runs-count').getAttribute(attribute));

async function waitForCount(page: Page, attribute: string, expected: number) {
  await page.locator(`[data-testid="runs-count"][${attribute}="${expected}"]`).waitFor({ timeout: 15_000 });
}

describe('the Runs list with 150 runs', () => {
  it('sorts by any column, searches, filters, selects all the filtered runs and groups them', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, `${suite.app.url}#/runs`);
    await page.getByTestId('runs-page').waitFor();
    const seeded = await seedManyRuns(page, { runs: 150, epochs: 20, sweepRuns: 30 });
    await waitForCount(page, 'data-total', 150);
    // Only the rows in view (and a few beyond) are in the page.
    const rendered = await page.getByTestId('run-row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    // Newest first by default; every visible name tells its run apart.
    const names = await page.getByTestId('run-name').allTextContents();
    expect(new Set(names).size).toBe(names.length);
    expect(await page.getByTestId('run-row').first().getAttribute('data-run-id')).toBe(seeded.runs.at(-1)!.id);
    await shoot(page, 'runs-list');

    // Sort by loss, lowest first, then highest first.
    await page.getByTestId('runs-sort-loss').click();
    const lowest = [...seeded.runs].filter((run) => run.loss !== undefined).sort((a, b) => a.loss! - b.loss!);
    await page.locator(`[data-testid="run-row"]:first-child[data-run-id="${lowest[0].id}"]`).waitFor();
    const losses = (await page.getByTestId('run-row-loss').evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-value'))))).slice(0, 10);
    expect(losses).toEqual(lowest.slice(0, 10).map((run) => run.loss));
    await page.getByTestId('runs-sort-loss').click();
    await page.locator(`[data-testid="run-row"]:first-child[data-run-id="${lowest.at(-1)!.id}"]`).waitFor();
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Loss');

    // Search: every word must match (dataset, status, experiment, tag, name).
    const moonsFailed = seeded.runs.filter((run) => run.datasetName === 'moons' && run.status === 'failed');
    await page.getByTestId('runs-search').fill('moons failed');
    await waitForCount(page, 'data-shown', moonsFailed.length);
    expect(await page.getByTestId('run-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-run-id')).sort())).toEqual(moonsFailed.map((run) => run.id).sort());
    await page.getByTestId('runs-search').fill('');

    // Filters: experiment and tag together.
    const experiment = seeded.experiments[1];
    await page.getByTestId('runs-filter-experiment').selectOption(experiment.id);
    const ofExperiment = seeded.runs.filter((run) => run.experimentId === experiment.id);
    await waitForCount(page, 'data-shown', ofExperiment.length);
    await page.getByTestId('runs-filter-tag').selectOption('candidate');
    const tagged = ofExperiment.filter((run) => run.tags.includes('candidate'));
    await waitForCount(page, 'data-shown', tagged.length);
    await page.getByTestId('runs-filter-tag').selectOption('');
    await waitForCount(page, 'data-shown', ofExperiment.length);

    // Select all selects the filtered runs, even those scrolled out of view.
    await page.getByTestId('runs-select-all').check();
    await waitForCount(page, 'data-selected', ofExperiment.length);
    expect(await page.getByTestId('compare-selected').textContent()).toBe(`Compare ${ofExperiment.length}`);
    // A tick on one row changes only that row's box.
    await page.getByTestId('run-select').first().uncheck();
    await waitForCount(page, 'data-selected', ofExperiment.length - 1);
    expect(await page.getByTestId('runs-select-all').getAttribute('data-state')).toBe('some');
    await page.getByTestId('runs-filter-experiment').selectOption('');
    await waitForCount(page, 'data-shown', 150);
    expect(await page.getByTestId('runs-count').textContent()).toContain(`${ofExperiment.length - 1} selected`);
    await page.getByTestId('clear-selection').click();
    await waitForCount(page, 'data-selected', 0);

    // Group by sweep: the sweep's 30 runs, then the others; a group's box selects its runs.
    await page.getByTestId('runs-group').selectOption('sweep');
    const groups = page.getByTestId('run-group');
    await expectCount(groups, 1);
    expect(await groups.first().getAttribute('data-title')).toBe('lr × width');
    expect(await groups.first().getAttribute('data-runs')).toBe('30');
    await groups.first().getByTestId('group-select').check();
    await waitForCount(page, 'data-selected', 30);
    await shoot(page, 'runs-grouped');
    await groups.first().getByTestId('group-toggle').click();
    expect(await groups.first().getByTestId('group-toggle').getAttribute('aria-expanded')).toBe('false');
    // Group by experiment: five experiments, then the quick-form runs.
    await page.getByTestId('runs-group').selectOption('experiment');
    const titles = await page.getByTestId('run-group').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-title')));
    expect(titles.slice(0, 2).every((title) => seeded.experiments.some((e) => e.name === title))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('Compare with 100 runs', () => {
  it('draws all of them, colours the best ten, highlights a hovered run and sorts its tables', async () => {
    const { page, context, errors } = await openAppPage(suite.browser, `${suite.app.url}#/runs`);
    await page.getByTestId('runs-page').waitFor();
    const seeded = await seedManyRuns(page, { runs: 120, epochs: 30, sweepRuns: 0 });
    const compared = seeded.runs.slice(0, 100);
    await page.goto(`${suite.app.url}#/compare/${compared.map((run) => run.id).join(',')}`);
    await page.locator('[data-testid="compare-page"][data-runs="100"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('compare-loss-chart').getAttribute('data-lines')).toBe('100');
    await expectCount(page.getByTestId('compare-loss-chart').locator('.compare-line path'), 100);
    await expectCount(page.getByTestId('legend-entry'), 100);
    await expectCount(page.getByTestId('hp-row'), 100);
    // No silent cap: past twenty runs the best ten are coloured, and the page says so.
    expect(await page.getByTestId('compare-greyed').textContent()).toBe('The 10 runs with the lowest final validation loss are coloured, the other 90 grey; hover a run to find its line.');
    // The hyperparameter table has a row per run and only the settings that differ.
    const columns = await page.getByTestId('hp-column').evaluateAll((cells) => cells.map((cell) => cell.textContent));
    expect(columns).toEqual(expect.arrayContaining(['dataset', 'init', 'learningRate', 'seed']));
    expect(columns).not.toContain('epochs');

    // Hovering a legend entry highlights that run's lines in both charts.
    const target = compared[42].id;
    await page.locator(`[data-testid="legend-entry"][data-run-id="${target}"]`).hover();
    expect(await page.getByTestId('compare-charts').getAttribute('class')).toContain('has-highlight');
    await expectCount(page.locator('.compare-line.hot'), 2);
    expect(await page.locator(`[data-testid="summary-row"][data-run-id="${target}"]`).getAttribute('class')).toBe('hot');
    await shoot(page, 'compare-100-hover');
    await page.getByTestId('compare-page').locator('h1').hover();
    expect(await page.getByTestId('compare-charts').getAttribute('class')).not.toContain('has-highlight');

    // The tooltip lists runs best first, says how many more there are.
    const chart = page.getByTestId('compare-loss-chart').locator('svg');
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    const tooltip = page.getByTestId('compare-tooltip');
    await tooltip.waitFor();
    const values = await tooltip.getByTestId('compare-tooltip-entry').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-value'))));
    expect(values).toHaveLength(12);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // Runs that failed early have no value this far along; all the others are counted.
    const entries = Number(await tooltip.getAttribute('data-entries'));
    expect(entries).toBeGreaterThan(80);
    expect(await tooltip.textContent()).toContain(`and ${entries - 12} more runs`);

    // Sorting the summary by final loss; every run in its own colour on request.
    await page.getByTestId('summary-sort-final-loss').click();
    const finals = await page.getByTestId('summary-final-loss').evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-value'))));
    expect(finals).toHaveLength(100);
    expect(finals).toEqual([...finals].sort((a, b) => a - b));
    await page.getByTestId('compare-colouring').selectOption('all');
    await expectCount(page.getByTestId('compare-greyed'), 0);
    const colours = await page.getByTestId('legend-entry').locator('.swatch').evaluateAll((swatches) => swatches.map((swatch) => (swatch as HTMLElement).style.background));
    expect(new Set(colours).size).toBe(100);
    await page.getByTestId('compare-smoothing').fill('0.9');
    expect(await page.getByTestId('compare-smoothing').inputValue()).toBe('0.9');
    await shoot(page, 'compare-100');
    expect(errors).toEqual([]);
    await context.close();
  });
});
