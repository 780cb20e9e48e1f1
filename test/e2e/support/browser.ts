import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

// Launching the system Chromium for end-to-end tests. Playwright's own browser download is not
// used: tests drive Debian's Chromium, or whatever CHROME_PATH names. A missing browser is a test
// failure with instructions, never a silent skip.

export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromePath(): string {
  const path = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium found at ${path}. The end-to-end tests need one: install it (apt-get install -y chromium) ` +
        'or point CHROME_PATH at a Chromium or Chrome executable.',
    );
  }
  return path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromePath(), args: CHROME_FLAGS });
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions (CSP violations among them) seen so far. */
  errors: string[];
}

/** A fresh profile (empty IndexedDB) at the size the app is designed for. */
export async function openAppPage(browser: Browser, url: string): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    // "Failed to load resource" names no resource in its text: add where it came from.
    const where = message.location().url;
    if (message.type() === 'error') errors.push(where ? `${message.text()} (${where})` : message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { context, page, errors };
}

/**
 * Expects the locator to match exactly `expected` elements. Pages load their lists from IndexedDB
 * after they render, so a count read right after a click can see the list before it fills: poll
 * until it matches, and fail with the last count seen if it never does.
 */
export async function expectCount(locator: Locator, expected: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let count = await locator.count();
  while (count !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    count = await locator.count();
  }
  expect(count, `elements matching ${locator}`).toBe(expected);
}
