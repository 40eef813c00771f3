/**
 * Browser mode: the same renderer and the same API over loopback HTTP. Binds 127.0.0.1 only; every API
 * request needs the per-launch token (Authorization: Bearer) and must come from the server's own origin.
 *   POST /api/call/<name>   JSON input → JSON envelope
 *   GET  /api/events        server-sent events, one `event:` per contract event
 *   GET  /*                 the built renderer
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isOwnLoopbackRequest } from '../api/origin';
import type { AntragsdeskApp } from '../app/create-app';
import type { StartupFailure } from '../app/startup-failure';
import type { Logger } from '../log/logger';
import { securityHeaders } from '../ui/static-files';
import {
  answerCall,
  answerFailure,
  eventFrame,
  openEventStream,
  refusalLog,
  sendEnvelope,
  serveRenderer,
} from './contract-http';

export interface WebServerOptions {
  app: AntragsdeskApp;
  rendererDir: string;
  port?: number;
  /** Fixed only in tests; otherwise a fresh random token per launch. */
  token?: string;
  /** Where refused requests are logged (by kind only, at most once a minute per kind). */
  log?: Logger;
  now?: () => number;
}

/** What a refused request is logged as: the kind of refusal, never a header's value. */
type Refusal = 'origin-or-host' | 'token' | 'call-name';

export interface WebServer {
  url: string;
  /** The URL to open in a browser: carries the token in the fragment, which never reaches a server log. */
  launchUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const expected = Buffer.from(`Bearer ${token}`);
  const streams = new Set<ServerResponse>();
  let port = 0;

  const refused = refusalLog<Refusal>(options.log, options.now ?? Date.now);

  const authorized = (req: IncomingMessage): boolean => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!isOwnLoopbackRequest({ host: req.headers.host, origin: req.headers.origin }, port)) {
      refused('origin-or-host');
      return sendEnvelope(res, 403, {
        ok: false,
        error: { code: 'forbidden-origin', message: 'Requests are accepted only from the app itself.' },
      });
    }
    if (!url.pathname.startsWith('/api/')) return serveRenderer(req, res, options.rendererDir, url.pathname);
    if (!authorized(req)) {
      refused('token');
      return sendEnvelope(res, 401, {
        ok: false,
        error: { code: 'unauthorized', message: 'Missing or wrong session token.' },
      });
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      const stream = openEventStream(res);
      streams.add(stream);
      stream.on('close', () => streams.delete(stream));
      return;
    }
    return answerCall(
      req,
      res,
      url.pathname,
      (name, input) => options.app.dispatch(name, input, { transport: 'http' }),
      undefined,
      refused,
    );
  };

  const unsubscribe = options.app.events.subscribe((name, payload) => {
    const frame = eventFrame(name, payload);
    for (const stream of streams) stream.write(frame);
  });

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => answerFailure(res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    launchUrl: `${url}/#token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const stream of streams) stream.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What browser mode serves when the app could not start: one German page (English below) saying what
 * happened and what to do, for every path, so the person who opens the address is not left with nothing.
 */
export async function startFailureServer(
  failure: StartupFailure,
  english: StartupFailure,
  port = 0,
): Promise<{ url: string; close(): Promise<void> }> {
  const html = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>${escapeHtml(failure.title)}</title></head>
<body><main role="alert">
<h1>${escapeHtml(failure.title)}</h1><p>${escapeHtml(failure.what)}</p><p>${escapeHtml(failure.todo)}</p>
</main>
<section lang="en"><h2>${escapeHtml(english.title)}</h2><p>${escapeHtml(english.what)}</p><p>${escapeHtml(english.todo)}</p></section>
</body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(503, {
      ...securityHeaders,
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(html);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
