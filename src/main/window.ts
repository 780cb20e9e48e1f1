import { BrowserWindow, type WebContents } from 'electron';
import type { RendererLocation } from './app-url';

// The app's one window, locked down: the page gets no Node.js, runs in Chromium's sandbox in its
// own JavaScript world apart from the preload, and can neither leave our pages nor open windows.

export function createMainWindow(renderer: RendererLocation, preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'NN Workbench',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click on a link would otherwise open it in a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  confineNavigation(window.webContents, renderer);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(renderer.entryUrl);
  return window;
}

function confineNavigation(contents: WebContents, renderer: RendererLocation) {
  contents.on('will-navigate', (event, url) => {
    if (!renderer.owns(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!renderer.owns(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
