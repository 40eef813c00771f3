/** Process-wide hardening after Electron's security checklist. */
import { app, type Session, shell, type WebContents } from 'electron';
import { APP_ORIGIN, isAppFrameUrl } from '../api/origin';
import { contentSecurityPolicy } from '../ui/static-files';

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // Saving a file the app built in the page (a blob: of its own origin) asks where to save; nothing else
  // downloads.
  session.on('will-download', (event, item) => {
    if (!item.getURL().startsWith(`blob:${APP_ORIGIN}/`)) event.preventDefault();
  });
  // The app:// handler already sends the CSP; this covers every other response the session might see.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] },
    });
  });
}

/** Applies to every WebContents the app ever creates, including ones we did not create on purpose. */
export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}

function hardenWebContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event, url) => {
    if (!isAppFrameUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppFrameUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url, disposition }) => {
    // No new windows ever. An https link a person clicked (a tab disposition) opens in the system browser.
    if (isExternalLink(url) && (disposition === 'foreground-tab' || disposition === 'background-tab')) {
      void openInSystemBrowser(url);
    }
    return { action: 'deny' };
  });
}

/**
 * The one place that hands a URL to the system browser: https links a person clicked, and the identity
 * provider's sign-in page (RFC 8252), which in demo mode is http on loopback.
 */
export function openInSystemBrowser(url: string): Promise<void> {
  if (!isExternalLink(url) && !isLoopbackHttp(url)) return Promise.reject(new Error('refused URL scheme'));
  return shell.openExternal(url);
}

function isLoopbackHttp(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && parsed.hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
