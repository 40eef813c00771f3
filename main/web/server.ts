/**
 * Browser mode: the same renderer and the same API over loopback HTTP. Binds 127.0.0.1 only; every API
 * request needs the per-launch token (Authorization: Bearer) and must come from the server's own origin.
 *   POST /api/call/<name>   JSON input → JSON envelope
 *   GET  /api/events        server-sent events, one `event:` per contract event
 *   GET  /*                 the built renderer
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Envelope } from '../../shared/api/result';
import { isOwnLoopbackRequest } from '../api/origin';
import type { AntragsdeskApp } from '../app/create-app';
import type { StartupFailure } from '../app/startup-failure';
import type { Logger } from '../log/logger';
import { resolveUiFile, securityHeaders } from '../ui/static-files';

const MAX_BODY_BYTES = 1024 * 1024;

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
const REFUSAL_LOG_INTERVAL_MS = 60_000;

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

  const refused = refusalLog(options.log, options.now ?? Date.now);

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
    if (url.pathname.startsWith('/api/')) {
      if (!authorized(req)) {
        refused('token');
        return sendEnvelope(res, 401, {
          ok: false,
          error: { code: 'unauthorized', message: 'Missing or wrong session token.' },
        });
      }
      if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(res);
      const name = url.pathname.startsWith('/api/call/') ? url.pathname.slice('/api/call/'.length) : null;
      if (name === null || req.method !== 'POST') {
        return sendEnvelope(res, 404, {
          ok: false,
          error: { code: 'not-found', message: 'No such endpoint.' },
        });
      }
      const body = await readJsonBody(req, res);
      if (!body.ok) return sendEnvelope(res, 400, body);
      const callName = decodedCallName(name);
      if (callName === null) {
        refused('call-name');
        return sendEnvelope(res, 400, {
          ok: false,
          error: { code: 'invalid-input', message: 'The call name is not valid percent-encoding.' },
        });
      }
      const envelope = await options.app.dispatch(callName, body.value, { transport: 'http' });
      return sendEnvelope(res, envelope.ok ? 200 : statusFor(envelope.error.code), envelope);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, securityHeaders).end();
      return;
    }
    const file = resolveUiFile(options.rendererDir, url.pathname);
    if (!file) {
      res
        .writeHead(404, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Not found');
      return;
    }
    res.writeHead(200, {
      ...securityHeaders,
      'Content-Type': file.contentType,
      'Cache-Control': file.cacheControl,
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file.path).pipe(res);
  };

  const openEventStream = (res: ServerResponse): void => {
    res.writeHead(200, {
      ...securityHeaders,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  };

  const unsubscribe = options.app.events.subscribe((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const stream of streams) stream.write(frame);
  });

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        sendEnvelope(res, 500, {
          ok: false,
          error: { code: 'internal', message: 'An internal error occurred.' },
        });
      } else res.destroy();
    });
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

function decodedCallName(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

/**
 * Logs each kind of refusal at most once a minute, with how many of that kind came since the last line:
 * a page hammering the port must not flood the log, and a refusal must not pass unnoticed.
 */
function refusalLog(log: Logger | undefined, now: () => number): (kind: Refusal) => void {
  const seen = new Map<Refusal, { loggedAt: number; since: number }>();
  return (kind) => {
    const entry = seen.get(kind);
    const at = now();
    if (entry && at - entry.loggedAt < REFUSAL_LOG_INTERVAL_MS) {
      entry.since++;
      return;
    }
    log?.warn('web.refused', { kind, count: (entry?.since ?? 0) + 1 });
    seen.set(kind, { loggedAt: at, since: 0 });
  };
}

function statusFor(code: string): number {
  switch (code) {
    case 'invalid-input':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
    case 'forbidden-origin':
      return 403;
    case 'not-found':
    case 'unknown-call':
      return 404;
    case 'conflict':
    case 'invalid-transition':
      return 409;
    case 'unavailable':
      return 503;
    default:
      return code === 'internal' ? 500 : 422;
  }
}

function sendEnvelope(res: ServerResponse, status: number, envelope: Envelope<unknown>): void {
  const body = JSON.stringify(envelope);
  res.writeHead(status, {
    ...securityHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

async function readJsonBody(req: IncomingMessage, res: ServerResponse): Promise<Envelope<unknown>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return {
      ok: false,
      error: { code: 'invalid-input', message: 'Expected Content-Type application/json.' },
    };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      // The rest of the body stays unread, so this connection cannot carry another request.
      res.setHeader('Connection', 'close');
      return { ok: false, error: { code: 'invalid-input', message: 'The request body is too large.' } };
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: { code: 'invalid-input', message: 'The request body is not valid JSON.' } };
  }
}
