import { app, ipcMain, session } from 'electron';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { registerAppScheme, serveRendererFiles } from './app-protocol';
import { rendererLocation } from './app-url';
import { contentSecurityPolicy } from './content-security-policy';
import { registerIpcHandlers } from './ipc';
import { applySessionPolicy } from './session-policy';
import { createTrainerPool } from './trainer-pool';
import { isFromAppWindow } from './trusted-sender';
import { createMainWindow } from './window';
import { utilityTrainingProcesses } from './utility-training-process';

// App lifecycle: one secure window, one training pool sized to leave a core for the UI, and every
// training process killed when the app quits.

const renderer = rendererLocation(app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL);
const csp = contentSecurityPolicy(renderer.devServerOrigin);
const pool = createTrainerPool({ factory: utilityTrainingProcesses, cores: availableParallelism() });

registerAppScheme();
app.enableSandbox();

void app.whenReady().then(() => {
  applySessionPolicy(session.defaultSession, csp, renderer.devServerOrigin);
  serveRendererFiles(join(import.meta.dirname, '../renderer'), csp);
  const window = createMainWindow(renderer, join(import.meta.dirname, '../preload/index.cjs'));
  registerIpcHandlers({
    handle: (channel, handler) => ipcMain.handle(channel, handler),
    pool,
    isTrustedSender: (event) => !window.isDestroyed() && isFromAppWindow(event, window.webContents, renderer.owns),
  });
});

// A single-window workbench: closing the window ends the app (and its runs) on every platform.
app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => pool.dispose());
