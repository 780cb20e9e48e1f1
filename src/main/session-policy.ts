import type { Session } from 'electron';

// Session-wide rules: the app asks for no permission (camera, notifications, geolocation, …), so
// every request and check is denied; and pages from the Vite dev server get the CSP and the
// cross-origin isolation headers as response headers too (built pages get them from the app:// handler).

export function applySessionPolicy(session: Session, csp: string, devServerOrigin?: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);

  if (devServerOrigin) {
    session.webRequest.onHeadersReceived({ urls: [`${devServerOrigin}/*`] }, (details, callback) => {
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [csp],
          'Cross-Origin-Opener-Policy': ['same-origin'],
          'Cross-Origin-Embedder-Policy': ['require-corp'],
        },
      });
    });
  }
}
