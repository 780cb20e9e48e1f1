import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveRendererFile } from '../../../src/main/renderer-files';
import { contentSecurityPolicy } from '../../../src/main/content-security-policy';

describe('app:// file resolution', () => {
  const dir = '/opt/app/out/renderer';
  const resolve = (url: string) => resolveRendererFile(dir, url, 'workbench');

  it('maps the root and nested paths into the renderer folder', () => {
    expect(resolve('app://workbench/')).toBe('/opt/app/out/renderer/index.html');
    expect(resolve('app://workbench/assets/index-3f2a.js?v=1#x')).toBe('/opt/app/out/renderer/assets/index-3f2a.js');
    expect(resolve('app://workbench/assets/my%20file.css')).toBe('/opt/app/out/renderer/assets/my file.css');
  });

  it('never escapes the renderer folder and ignores other hosts', () => {
    expect(resolve('app://workbench/../../../etc/passwd')).toBe('/opt/app/out/renderer/etc/passwd');
    expect(resolve('app://workbench/%2e%2e/%2e%2e/secret.txt')).toBe('/opt/app/out/renderer/secret.txt');
    expect(resolve('app://workbench/assets/..%2f..%2f..%2fsecret.txt')).toBeUndefined();
    expect(resolve('app://workbench/%E0%A4%A')).toBeUndefined();
    expect(resolve('app://elsewhere/index.html')).toBeUndefined();
  });

  it('labels the files a built renderer contains', () => {
    expect(['index.html', 'a.js', 'b.CSS', 'kernel.wasm', 'data.bin'].map(contentTypeOf)).toEqual([
      'text/html; charset=utf-8',
      'text/javascript; charset=utf-8',
      'text/css; charset=utf-8',
      'application/wasm',
      'application/octet-stream',
    ]);
  });
});

describe('content security policy', () => {
  it('allows only the app itself in a built app', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('adds the dev server and its hot-reload websocket only under electron-vite dev', () => {
    const dev = contentSecurityPolicy('http://localhost:5173');
    expect(dev).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173;");
    expect(dev).toContain("script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline';");
    expect(contentSecurityPolicy()).not.toContain('localhost');
  });
});
