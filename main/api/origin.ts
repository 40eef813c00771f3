/** Which callers the transports trust: the app's own origin only. */

export const APP_SCHEME = 'app';
export const APP_HOST = 'antragsdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** True when an IPC sender frame was loaded from the app's own `app://` origin (not file:, not remote). */
export function isAppFrameUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * For the loopback server: a request must address the server by its own loopback host (defeats DNS
 * rebinding) and, when the browser names an origin, that origin must be the server's own (defeats
 * cross-site requests from other pages in the same browser).
 */
export function isOwnLoopbackRequest(
  headers: { host?: string | undefined; origin?: string | undefined },
  port: number,
): boolean {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!headers.host || !allowedHosts.includes(headers.host.toLowerCase())) return false;
  if (headers.origin === undefined) return true;
  return allowedHosts.some((host) => headers.origin === `http://${host}`);
}
