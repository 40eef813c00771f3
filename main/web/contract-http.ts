/**
 * The contract over HTTP, as browser mode and the department service both serve it: `POST /api/call/<name>`
 * with a JSON input answered by the dispatcher's envelope, `GET /api/events` as server-sent events, and the
 * built renderer for every other GET. Who may call is each server's own check, made before these run.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Envelope } from '../../shared/api/result';
import type { EventName, EventPayload } from '../api/contract';
import type { Logger } from '../log/logger';
import { resolveUiFile, securityHeaders } from '../ui/static-files';

const MAX_BODY_BYTES = 1024 * 1024;

export type CallDispatch = (name: string, input: unknown) => Promise<Envelope<unknown>>;

/** Answers a request under `/api/` other than the event stream: one contract call. */
export async function answerCall(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  dispatch: CallDispatch,
  headers: Record<string, string> = securityHeaders,
  refused?: (kind: 'call-name') => void,
): Promise<void> {
  const name = pathname.startsWith('/api/call/') ? pathname.slice('/api/call/'.length) : null;
  if (name === null || req.method !== 'POST') {
    return sendEnvelope(
      res,
      404,
      { ok: false, error: { code: 'not-found', message: 'No such endpoint.' } },
      headers,
    );
  }
  const body = await readJsonBody(req, res);
  if (!body.ok) return sendEnvelope(res, 400, body, headers);
  const callName = decodedCallName(name);
  if (callName === null) {
    refused?.('call-name');
    return sendEnvelope(
      res,
      400,
      {
        ok: false,
        error: { code: 'invalid-input', message: 'The call name is not valid percent-encoding.' },
      },
      headers,
    );
  }
  const envelope = await dispatch(callName, body.value);
  return sendEnvelope(res, envelope.ok ? 200 : statusFor(envelope.error.code), envelope, headers);
}

/** Serves a file of the built renderer (GET and HEAD only). */
export function serveRenderer(
  req: IncomingMessage,
  res: ServerResponse,
  rendererDir: string,
  pathname: string,
  headers: Record<string, string> = securityHeaders,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end();
    return;
  }
  const file = resolveUiFile(rendererDir, pathname);
  if (!file) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': file.contentType, 'Cache-Control': file.cacheControl });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file.path).pipe(res);
}

/** Starts a server-sent event stream on the response; `eventFrame` gives what to write to it. */
export function openEventStream(
  res: ServerResponse,
  headers: Record<string, string> = securityHeaders,
): ServerResponse {
  res.writeHead(200, {
    ...headers,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  return res;
}

export function eventFrame<E extends EventName>(name: E, payload: EventPayload<E>): string {
  return `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/** What a request that failed unexpectedly gets: a generic envelope, or the connection closed mid-answer. */
export function answerFailure(res: ServerResponse, headers: Record<string, string> = securityHeaders): void {
  if (!res.headersSent) {
    sendEnvelope(
      res,
      500,
      { ok: false, error: { code: 'internal', message: 'An internal error occurred.' } },
      headers,
    );
  } else res.destroy();
}

function decodedCallName(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

const REFUSAL_LOG_INTERVAL_MS = 60_000;

/**
 * Logs each kind of refusal at most once a minute, with how many of that kind came since the last line:
 * a page hammering the port must not flood the log, and a refusal must not pass unnoticed.
 */
export function refusalLog<Kind extends string>(
  log: Logger | undefined,
  now: () => number,
  event = 'web.refused',
): (kind: Kind) => void {
  const seen = new Map<Kind, { loggedAt: number; since: number }>();
  return (kind) => {
    const entry = seen.get(kind);
    const at = now();
    if (entry && at - entry.loggedAt < REFUSAL_LOG_INTERVAL_MS) {
      entry.since++;
      return;
    }
    log?.warn(event, { kind, count: (entry?.since ?? 0) + 1 });
    seen.set(kind, { loggedAt: at, since: 0 });
  };
}

export function statusFor(code: string): number {
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

export function sendEnvelope(
  res: ServerResponse,
  status: number,
  envelope: Envelope<unknown>,
  headers: Record<string, string> = securityHeaders,
): void {
  const body = JSON.stringify(envelope);
  res.writeHead(status, {
    ...headers,
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
