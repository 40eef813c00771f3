/**
 * The department service's HTTP(S) front: the contract with browser mode's envelope and call paths
 * (main/web/contract-http.ts), every API request authenticated by the person's access token (a Bearer
 * token from a workstation, or the browser session's), server-sent events per department, the renderer
 * for browsers and their sign-in. No CORS: the API answers its own origin only.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { can, type Principal } from '../../shared/auth/roles';
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
} from '../web/contract-http';
import { TokenRefused, type VerifyAccessToken } from './access-tokens';
import type { BrowserSessions } from './browser-sessions';
import { runAsCaller } from './caller';
import type { Department } from './department';
import type { EventBus } from './event-bus';

/** Comments on open event streams keep proxies from closing them and find dead connections. */
const HEARTBEAT_MS = 25_000;

export interface FrontOptions {
  departments: ReadonlyMap<string, Department>;
  bus: EventBus;
  verify: VerifyAccessToken;
  sessions: BrowserSessions;
  tls?: { key: string | Buffer; cert: string | Buffer };
  rendererDir: string;
  host: string;
  port: number;
  /** The origin people reach the service at; by default the one it listens on. */
  publicUrl?: string;
  /**
   * Answered before authentication, each returning true when it answered: health and readiness, and the
   * FIT-Connect callbacks (which carry their own HMAC).
   */
  anonymousRequests: readonly ((request: IncomingMessage, response: ServerResponse) => boolean)[];
  log: Logger;
}

export interface Front {
  url: string;
  publicUrl: string;
  close(): Promise<void>;
}

type Refusal = 'origin' | 'token' | 'department' | 'call-name';

interface Stream {
  res: ServerResponse;
  principal: Principal;
}

export async function startFront(options: FrontOptions): Promise<Front> {
  const { departments, log } = options;
  const headers: Record<string, string> = {
    ...securityHeaders,
    ...(options.tls && { 'Strict-Transport-Security': 'max-age=31536000' }),
  };
  const refused = refusalLog<Refusal>(log, Date.now, 'service.refused');
  const streams = new Map<string, Set<Stream>>();
  let publicUrl = options.publicUrl ?? '';

  /** A browser (no Bearer token) is sent to sign in again; a workstation renews its token itself. */
  const unauthorized = (req: IncomingMessage, res: ServerResponse, message: string) =>
    sendEnvelope(
      res,
      401,
      {
        ok: false,
        error: {
          code: 'unauthorized',
          message,
          ...(req.headers.authorization === undefined && { reason: 'sign-in-required' }),
        },
      },
      { ...headers, 'WWW-Authenticate': 'Bearer' },
    );

  /** The person behind the request, from a Bearer token or the browser's session cookie. */
  const authenticate = async (
    req: IncomingMessage,
  ): Promise<{ principal: Principal; cookies: string[]; end?: () => string[] } | TokenRefused> => {
    const bearer = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(req.headers.authorization ?? '')?.[1];
    const session = bearer === undefined ? await options.sessions.session(req) : null;
    const token = bearer ?? session?.accessToken;
    if (token === undefined) return new TokenRefused('malformed');
    try {
      const principal = await options.verify(token);
      return { principal, cookies: session?.cookies ?? [], ...(session && { end: session.end }) };
    } catch (error) {
      if (error instanceof TokenRefused) return error;
      throw error;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (options.anonymousRequests.some((answer) => answer(req, res))) return;
    const url = new URL(req.url ?? '/', publicUrl);
    // Browsers name the page's origin on every cross-origin request and on every POST: only our own.
    if (req.headers.origin !== undefined && req.headers.origin !== publicUrl) {
      refused('origin');
      return sendEnvelope(
        res,
        403,
        {
          ok: false,
          error: { code: 'forbidden-origin', message: 'Requests are accepted only from the app itself.' },
        },
        headers,
      );
    }
    if (url.pathname === '/auth/login' && req.method === 'GET') return options.sessions.login(res);
    if (url.pathname === '/auth/callback' && req.method === 'GET') return options.sessions.callback(req, res);
    if (!url.pathname.startsWith('/api/')) {
      // The app's pages need a signed-in browser; its scripts and styles are the same for everyone.
      const isPage = req.method === 'GET' && !url.pathname.startsWith('/assets/');
      if (isPage && !options.sessions.hasSession(req)) {
        res.writeHead(303, { ...headers, Location: '/auth/login', 'Cache-Control': 'no-store' }).end();
        return;
      }
      return serveRenderer(req, res, options.rendererDir, url.pathname, headers);
    }
    const caller = await authenticate(req);
    if (caller instanceof TokenRefused) {
      refused('token');
      return unauthorized(req, res, 'Missing, expired or foreign access token.');
    }
    const department = departments.get(caller.principal.department);
    if (department === undefined) {
      refused('department');
      return sendEnvelope(
        res,
        403,
        { ok: false, error: { code: 'forbidden', message: 'This department is not served here.' } },
        headers,
      );
    }
    const answerHeaders = { ...headers };
    if (caller.cookies.length > 0) res.setHeader('Set-Cookie', caller.cookies);
    if (url.pathname === '/api/events' && req.method === 'GET') {
      const stream = { res: openEventStream(res, answerHeaders), principal: caller.principal };
      const set = streams.get(department.id) ?? new Set();
      set.add(stream);
      streams.set(department.id, set);
      res.on('close', () => set.delete(stream));
      return;
    }
    const endSession = caller.end;
    return answerCall(
      req,
      res,
      url.pathname,
      (name, input) =>
        runAsCaller(
          {
            principal: caller.principal,
            ...(endSession && { endSession: () => void res.setHeader('Set-Cookie', endSession()) }),
          },
          () => department.dispatch(name, input, { transport: 'http' }),
        ),
      answerHeaders,
      refused,
    );
  };

  const send = (department: string, frame: string, to: (principal: Principal) => boolean = () => true) => {
    for (const stream of streams.get(department) ?? []) {
      if (to(stream.principal)) stream.res.write(frame);
    }
  };
  const stopRelay = relayEvents(options, send, log);
  const heartbeat = setInterval(() => {
    for (const set of streams.values()) for (const stream of set) stream.res.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => answerFailure(res, headers));
  };
  const server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest)
    : createHttpServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;
  publicUrl = options.publicUrl ?? url;

  return {
    url,
    publicUrl,
    close: () =>
      new Promise<void>((resolve) => {
        stopRelay();
        clearInterval(heartbeat);
        for (const set of streams.values()) for (const stream of set) stream.res.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What the departments' services announce goes to every instance through the bus; what the bus brings
 * goes to the clients of that department on this instance. Outbox counts are asked for here, by each
 * instance, so the bus carries no more than the department's name.
 */
function relayEvents(
  options: FrontOptions,
  send: (department: string, frame: string, to?: (principal: Principal) => boolean) => void,
  log: Logger,
): () => void {
  const { departments, bus } = options;
  const published = (error: unknown) => log.warn('events.publish-failed', { error: (error as Error).name });
  const readsCases = (principal: Principal) => can(principal, 'case.read');
  const stops: (() => void)[] = [];
  for (const department of departments.values()) {
    stops.push(
      department.events.subscribe((name, payload) => {
        if (name === 'cases.changed') {
          const { ids } = payload as { ids: string[] };
          bus.publish({ kind: 'cases', department: department.id, ids }).catch(published);
        } else if (name === 'sync.progress') {
          const progress = payload as Parameters<typeof eventFrame<'sync.progress'>>[1];
          bus.publish({ kind: 'sync', department: department.id, progress }).catch(published);
        }
      }),
      department.services.outbox.subscribe(() => {
        bus.publish({ kind: 'outbox', department: department.id }).catch(published);
      }),
    );
  }
  stops.push(
    bus.subscribe(
      (event) => {
        const department = departments.get(event.department);
        if (department === undefined) return;
        if (event.kind === 'cases') send(department.id, eventFrame('cases.changed', { ids: event.ids }));
        // After a sync every inbox of the department looks again (what came in is not named one by one).
        else if (event.kind === 'synced') send(department.id, eventFrame('cases.changed', { ids: [] }));
        else if (event.kind === 'sync')
          send(department.id, eventFrame('sync.progress', event.progress), readsCases);
        else {
          department.services.outbox.summary(department.id).then(
            (counts) => send(department.id, eventFrame('outbox.changed', counts), readsCases),
            (error: unknown) => log.error('outbox.counts-failed', { error: (error as Error).name }),
          );
        }
      },
      (listening) => {
        // Back after a lost connection: changes may have passed unheard, so every client looks again.
        if (listening)
          for (const id of departments.keys()) send(id, eventFrame('cases.changed', { ids: [] }));
      },
    ),
  );
  return () => {
    for (const stop of stops) stop();
  };
}
