// The Content-Security-Policy the main process puts on every response of the app's own pages.
// Only our own files may run; workers may also come from blob: URLs the app creates itself.
// 'wasm-unsafe-eval' lets WebAssembly compile — and nothing else: no eval, no new Function, no
// inline script. ONNX Runtime Web needs it to check an ONNX export in the export worker (its wasm
// is one of our own files, served from app://); without it Chromium refuses every wasm compile.
// `frame-ancestors` only works as a header, which is why the policy is sent as one.

const POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'worker-src': ["'self'", 'blob:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Under `electron-vite dev` the page comes from Vite's dev server, which needs two exceptions:
 * its hot-reload websocket, and one inline module script (React Fast Refresh's preamble). The
 * page's own `<meta>` policy lists that script by its SHA-256 hash (vite.csp-plugin.ts), and a page
 * must satisfy both policies, so 'unsafe-inline' here still lets only that exact script run.
 * Built apps never get these exceptions.
 */
export function contentSecurityPolicy(devServerOrigin?: string): string {
  const policy = structuredClone(POLICY);
  if (devServerOrigin) {
    const websocket = devServerOrigin.replace(/^http/, 'ws');
    policy['connect-src'].push(devServerOrigin, websocket);
    policy['script-src'].push("'unsafe-inline'");
  }
  return Object.entries(policy)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join('; ');
}
