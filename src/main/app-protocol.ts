import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_HOST, APP_SCHEME } from './app-url';
import { contentTypeOf, resolveRendererFile } from './renderer-files';

// Serves the built renderer at app://workbench/, each response carrying the app's CSP and the
// cross-origin isolation headers.

/** Must run before the app is ready: a standard, secure scheme gets its own origin and storage. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRendererFiles(rendererDir: string, csp: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveRendererFile(rendererDir, request.url, APP_HOST);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file), {
        headers: {
          'Content-Type': contentTypeOf(file),
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff',
          // Cross-origin isolation: lets the page's workers share WebAssembly memory (wasm kernel threads).
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Embedder-Policy': 'require-corp',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
