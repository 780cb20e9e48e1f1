import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { allowDevInlineScriptsByHash } from './vite.csp-plugin.ts';

// The browser build of the app: the same renderer as Electron, training in Web Workers.
// `npm run web` serves it with hot reload; `vite build --config vite.web.config.ts` writes a static
// site to out/web (relative asset paths, so it works from any folder or sub-path).

// Cross-origin isolation, so workers may share WebAssembly memory (SharedArrayBuffer): what the
// wasm kernel backend's helper threads need (src/shared/nn/kernels/wasm-threads.ts).
const CROSS_ORIGIN_ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: resolve(import.meta.dirname, 'src/renderer'),
  base: './',
  plugins: [react(), allowDevInlineScriptsByHash()],
  worker: { format: 'es' },
  build: {
    outDir: resolve(import.meta.dirname, 'out/web'),
    emptyOutDir: true,
    // recharts alone is ~500 kB; one chunk is fine for a local app.
    chunkSizeWarningLimit: 1500,
  },
  server: { port: 5173, strictPort: false, headers: CROSS_ORIGIN_ISOLATION },
  preview: { port: 4173, strictPort: false, headers: CROSS_ORIGIN_ISOLATION },
});
