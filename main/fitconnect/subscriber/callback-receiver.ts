/**
 * The workstation's endpoint for FIT-Connect callbacks: the delivery service POSTs to
 * `{url}/callbacks/{destinationId}` when a submission arrives, and the receiver syncs that destination's
 * department at once instead of waiting for the next poll (polling stays as the fallback). A callback counts
 * only when its HMAC over `{timestamp}.{body}` verifies with the destination's callback secret, in constant
 * time, its timestamp is at most 5 minutes old and it was not seen before; anything else is ignored (answered
 * without a sync) and logged by its reason only. Listens on 127.0.0.1 beside the local platform in demo mode;
 * a real installation puts it behind the authority's HTTPS reverse proxy.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CALLBACK_HEADERS,
  CALLBACK_MAX_AGE_SECONDS,
  type CallbackRefusal,
  verifyCallback,
} from '../callback';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY_BYTES = 64 * 1024;

export type CallbackOutcome = 'synced' | CallbackRefusal | 'replayed' | 'unknown-destination' | 'invalid';

export interface CallbackHandlerOptions {
  /** The callback secret configured for the destination, if it is one of ours. */
  secretOf(destinationId: string): Promise<string | undefined> | string | undefined;
  /** A verified callback: sync the destination's department now (not awaited; errors are the sync's). */
  onNewSubmissions(destinationId: string): void;
  /** Every callback's outcome, for the log and the tests: codes and ids only. */
  onOutcome?(outcome: CallbackOutcome, destinationId: string | undefined): void;
  now?: () => Date;
}

export interface CallbackReceiverOptions extends CallbackHandlerOptions {
  port?: number;
}

export interface CallbackReceiver {
  /** Base URL; a destination's callback URL is `${url}/callbacks/${destinationId}`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Answers `POST /callbacks/{destinationId}` (any other request with 404): for a server of its own
 * (`startCallbackReceiver`) or mounted in another one (the department service's front).
 */
export function createCallbackHandler(
  options: CallbackHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const now = options.now ?? (() => new Date());
  /** Authentications seen within the freshness window: a replay is ignored. */
  const seen = new Map<string, number>();

  async function handle(req: IncomingMessage): Promise<[number, CallbackOutcome, string | undefined]> {
    const match = /^\/callbacks\/([^/?]+)$/.exec(req.url ?? '');
    const destinationId = match?.[1];
    if (req.method !== 'POST' || destinationId === undefined || !UUID.test(destinationId)) {
      return [404, 'invalid', undefined];
    }
    const body = await readBody(req);
    if (body === undefined) return [413, 'invalid', destinationId];
    const secret = await options.secretOf(destinationId);
    if (secret === undefined) return [404, 'unknown-destination', destinationId];
    const authentication = header(req, CALLBACK_HEADERS.authentication);
    const verdict = verifyCallback({
      secret,
      timestamp: header(req, CALLBACK_HEADERS.timestamp),
      authentication,
      body,
      nowMs: now().getTime(),
    });
    // Ignored callbacks get a 2xx as well: the sender learns nothing from the answer.
    if (!verdict.ok) return [204, verdict.refusal, destinationId];
    const at = now().getTime();
    for (const [key, when] of seen) if (at - when > CALLBACK_MAX_AGE_SECONDS * 2000) seen.delete(key);
    const key = (authentication ?? '').toLowerCase();
    if (seen.has(key)) return [204, 'replayed', destinationId];
    seen.set(key, at);
    options.onNewSubmissions(destinationId);
    return [204, 'synced', destinationId];
  }

  return (req, res) => {
    handle(req)
      .then(([status, outcome, destinationId]) => {
        options.onOutcome?.(outcome, destinationId);
        res.writeHead(status).end();
      })
      .catch(() => res.writeHead(400).end());
  };
}

export async function startCallbackReceiver(options: CallbackReceiverOptions): Promise<CallbackReceiver> {
  const server: Server = createServer(createCallbackHandler(options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The body as text, or undefined when it is larger than a callback ever is. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
