import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import { serveWebApp, type WebApp } from './web-app';

// The Chromium and the served web build that the tests of one e2e file share: started before
// the file's tests (the browser first, so a missing browser fails before a build), closed after.

export interface WebAppSuite {
  readonly browser: Browser;
  readonly app: WebApp;
}

export function useWebAppSuite(): WebAppSuite {
  let browser: Browser | undefined;
  let app: WebApp | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    app = await serveWebApp();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The browser and the web app start in beforeAll: use them inside tests');
    return value;
  };
  return {
    get browser() {
      return started(browser);
    },
    get app() {
      return started(app);
    },
  };
}
