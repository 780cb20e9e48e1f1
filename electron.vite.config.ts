import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { allowDevInlineScriptsByHash } from './vite.csp-plugin.ts';

// Three bundles: the main process (ESM, with the training-process entry bundled beside it through
// its `?modulePath` import), the preload, and the React renderer in src/renderer.
export default defineConfig({
  // Entries are electron-vite's defaults: src/main/index.ts and src/preload/index.ts.
  main: {},
  preload: {
    build: {
      // Sandboxed preloads cannot be ES modules: one self-contained CommonJS file.
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [react(), allowDevInlineScriptsByHash()],
    worker: { format: 'es' },
    build: {
      rolldownOptions: { input: resolve(import.meta.dirname, 'src/renderer/index.html') },
      // recharts alone is ~500 kB; one chunk is fine for a local app.
      chunkSizeWarningLimit: 1500,
    },
  },
});
