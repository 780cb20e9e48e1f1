// Where the renderer's pages come from. Built files are served from a private `app://workbench/`
// origin (a real origin for IndexedDB and the CSP's 'self', unlike file://, whose pages may read
// any local file); under `electron-vite dev` they come from the Vite dev server.

export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';

export interface RendererLocation {
  /** URL the window loads. */
  entryUrl: string;
  /** Whether a URL belongs to the renderer (navigation targets, IPC senders). */
  owns(url: string): boolean;
  /** The Vite dev server's origin, when running under `electron-vite dev`. */
  devServerOrigin?: string;
}

export function rendererLocation(devServerUrl: string | undefined): RendererLocation {
  if (devServerUrl) {
    const { origin } = new URL(devServerUrl);
    return { entryUrl: devServerUrl, owns: (url) => parse(url)?.origin === origin, devServerOrigin: origin };
  }
  return {
    entryUrl: `${APP_SCHEME}://${APP_HOST}/index.html`,
    // Custom schemes have an opaque origin in the URL parser, so compare scheme and host.
    owns: (url) => {
      const parsed = parse(url);
      return parsed?.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
    },
  };
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
