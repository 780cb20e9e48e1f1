import { describe, expect, it } from 'vitest';
import config from '../../../vite.web.config';

// README: `npm run web` serves the app at http://localhost:5173, with the cross-origin isolation
// headers that let nested Web Workers share the wasm memory (the helper threads of a run in the
// browser); the preview server the end-to-end tests use sends the same headers.

describe('the web build’s servers', () => {
  const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

  it('npm run web serves on port 5173, cross-origin isolated', () => {
    expect(config.server?.port).toBe(5173);
    expect(config.server?.headers).toEqual(isolation);
  });

  it('the preview server of the end-to-end tests is isolated the same way', () => {
    expect(config.preview?.headers).toEqual(isolation);
  });
});
