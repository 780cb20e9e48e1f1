import type { Page } from 'playwright-core';

// Starting a run from the Runs page's quick form: the two spirals with Adam (learning rate 0.01),
// mini-batches of 16, a fifth held out for validation, seed 1 — the set-up the continuation and
// fork tests compare bit for bit.

export async function trainSpirals(page: Page, { samples, epochs }: { samples: number; epochs: number }): Promise<void> {
  await page.getByTestId('dataset-select').selectOption('spirals');
  await page.getByTestId('samples').fill(String(samples));
  await page.getByTestId('optimizer-select').selectOption('adam');
  await page.getByTestId('learning-rate').fill('0.01');
  await page.getByTestId('epochs').fill(String(epochs));
  await page.getByTestId('batch-size').fill('16');
  await page.getByTestId('validation-split').fill('0.2');
  await page.getByTestId('seed').fill('1');
  await page.getByTestId('train-button').click();
}
