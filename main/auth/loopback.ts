/**
 * The loopback redirect of RFC 8252 §7.3: a one-shot HTTP listener on 127.0.0.1 with a port the system
 * picks. It takes exactly one answer on `/callback` (checking its state), tells the browser in German that
 * it may close the window, and closes itself; a timeout or an abort closes it too.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthError } from './errors';

export const CALLBACK_PATH = '/callback';

export interface LoopbackCallback {
  /** `http://127.0.0.1:<port>/callback`, for the authorization request. */
  redirectUri: string;
  /** The full callback URL the browser was sent to, once it came with the expected state. */
  result: Promise<URL>;
  close(): void;
}

export interface LoopbackOptions {
  expectedState: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'",
  // The URL carries the authorization code: it must not travel on as a referrer.
  'referrer-policy': 'no-referrer',
  connection: 'close',
};

function page(title: string, text: string): string {
  return `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;
}

export const SIGNED_IN_PAGE = page(
  'Anmeldung abgeschlossen',
  'Anmeldung abgeschlossen – Sie können dieses Fenster schließen.',
);
const NOT_SIGNED_IN_PAGE = page(
  'Anmeldung nicht abgeschlossen',
  'Die Anmeldung wurde nicht abgeschlossen. Sie können dieses Fenster schließen und es in Antragsdesk erneut versuchen.',
);

export async function listenForCallback({
  expectedState,
  timeoutMs,
  signal,
}: LoopbackOptions): Promise<LoopbackCallback> {
  if (signal?.aborted) throw new AuthError('login-cancelled');
  let settle: { resolve(url: URL): void; reject(error: AuthError): void } | undefined;
  const result = new Promise<URL>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A caller that gave up (the browser did not open) never awaits the result: its rejection is expected.
  result.catch(() => undefined);
  const server = createServer();
  /** Set once listening; the callback URL must carry the port, as the token request repeats it. */
  let origin = '';
  let timer: NodeJS.Timeout | undefined;

  const close = () => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    server.close();
    server.closeAllConnections();
  };
  const fail = (error: AuthError) => {
    settle?.reject(error);
    close();
  };
  const onAbort = () => fail(new AuthError('login-cancelled'));

  // The outcome is settled at once; the listener closes once the page is out (or at the latest by the timer).
  const answer = (res: ServerResponse, status: number, html: string) => {
    res.writeHead(status, HEADERS);
    res.end(html, close);
  };

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    // Anything else (a favicon request, a stray probe) does not use up the one answer.
    if (url.pathname !== CALLBACK_PATH || req.method !== 'GET') {
      res.writeHead(404, HEADERS).end();
      return;
    }
    server.removeAllListeners('request');
    if (url.searchParams.get('state') !== expectedState) {
      settle?.reject(new AuthError('state-mismatch'));
      answer(res, 400, NOT_SIGNED_IN_PAGE);
      return;
    }
    settle?.resolve(url);
    answer(res, 200, url.searchParams.has('error') ? NOT_SIGNED_IN_PAGE : SIGNED_IN_PAGE);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  timer = setTimeout(() => fail(new AuthError('login-timeout')), timeoutMs);
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    redirectUri: `${origin}${CALLBACK_PATH}`,
    result,
    close: () => fail(new AuthError('login-cancelled')),
  };
}
