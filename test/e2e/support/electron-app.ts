import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'electron-vite';
import { _electron, type ElectronApplication } from 'playwright-core';

// Launching the built desktop app under Playwright. It needs an Electron binary (which `npm install`
// downloads, but CI installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1) and, on Linux, a display: an
// existing one, or a virtual one from Xvfb when that is installed.

const ROOT = resolve(import.meta.dirname, '../../..');

/** Why the Electron app cannot be launched here, or undefined if it can. */
export function electronUnavailable(): string | undefined {
  let binary: string;
  try {
    binary = createRequire(import.meta.url)('electron') as string;
  } catch (error) {
    return `no Electron binary (${(error as Error).message}; CI installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1, a plain \`npm install\` downloads it)`;
  }
  if (!existsSync(binary)) return `no Electron binary at ${binary}`;
  if (needsVirtualDisplay() && spawnSync('Xvfb', ['-help'], { stdio: 'ignore' }).error) {
    return 'no display ($DISPLAY is unset and Xvfb is not installed: apt-get install -y xvfb)';
  }
  return undefined;
}

function needsVirtualDisplay(): boolean {
  return process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
}

/** Starts Xvfb on a free display number (it writes the number to fd 3 once it is ready). */
async function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
  });
  const display = await new Promise<string>((resolveDisplay, reject) => {
    let output = '';
    xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolveDisplay(`:${output.trim()}`);
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with code ${code} before reporting a display`)));
  });
  return { display, process: xvfb };
}

export interface LaunchedWorkbench {
  app: ElectronApplication;
  close(): Promise<void>;
}

/** Builds the app (main, preload, renderer) and launches it with a fresh profile. */
export async function launchWorkbench(): Promise<LaunchedWorkbench> {
  await build({ configFile: join(ROOT, 'electron.vite.config.ts'), logLevel: 'warn' });
  const xvfb = needsVirtualDisplay() ? await startXvfb() : undefined;
  const env = { ...process.env } as Record<string, string>;
  // Load the built renderer, never a dev server a developer may have left running.
  delete env.ELECTRON_RENDERER_URL;
  if (xvfb) env.DISPLAY = xvfb.display;
  const profile = mkdtempSync(join(tmpdir(), 'nn-workbench-e2e-'));
  const app = await _electron.launch({ args: [ROOT, `--user-data-dir=${profile}`], cwd: ROOT, env });
  return {
    app,
    async close() {
      await app.close();
      xvfb?.process.kill();
    },
  };
}
