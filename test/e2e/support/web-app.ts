import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';

// The end-to-end tests run against the production web build (what `vite build --config
// vite.web.config.ts` writes to out/web), served by Vite's preview server on a free port. The
// build is reused while no source file is newer than it, so a suite of e2e files builds once.

const ROOT = resolve(import.meta.dirname, '../../..');
const CONFIG = join(ROOT, 'vite.web.config.ts');
const BUILT_PAGE = join(ROOT, 'out/web/index.html');
const SOURCES = ['src/renderer', 'src/shared', 'vite.web.config.ts', 'vite.csp-plugin.ts', 'package-lock.json'];

function newestModification(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((entry) => newestModification(join(path, entry))));
}

export async function buildWebApp(): Promise<void> {
  const sourcesChanged = Math.max(...SOURCES.map((path) => newestModification(join(ROOT, path))));
  if (existsSync(BUILT_PAGE) && statSync(BUILT_PAGE).mtimeMs > sourcesChanged) return;
  await build({ configFile: CONFIG, logLevel: 'warn' });
}

export interface WebApp {
  url: string;
  close(): Promise<void>;
}

/** `headers` go on every response besides the config's own (e.g. the desktop app's Content-Security-Policy). */
export async function serveWebApp(headers: Record<string, string> = {}): Promise<WebApp> {
  await buildWebApp();
  const server: PreviewServer = await preview({
    configFile: CONFIG,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, open: false, headers },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The preview server did not report its address');
  return { url, close: () => server.close() };
}
