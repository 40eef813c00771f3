import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { ChaosSwitch } from './chaos';
import { problem, type Reply, send } from './http/reply';
import type { Router } from './http/router';
import { ApiProblem } from './problems';

export interface ServerOptions {
  router: Router;
  chaos: ChaosSwitch;
  /** Runs before each request (the auto-reject sweep), so that deadlines follow the injected clock. */
  beforeEach: () => Promise<unknown>;
}

export function errorReply(error: unknown, path: string): Reply {
  if (error instanceof ApiProblem) {
    const headers: Record<string, string> =
      error.status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {};
    return problem(error.body(path), headers);
  }
  // Only the error's class reaches the log: messages of foreign errors may quote request content.
  console.error(
    `[platform] internal error (${error instanceof Error ? error.name : typeof error}) on ${path}`,
  );
  return problem(new ApiProblem('internal-error').body(path));
}

/** Runs the matching route; an unknown path or method is a problem like any other. */
export async function dispatch(router: Router, req: IncomingMessage, url: URL): Promise<Reply> {
  const route = router.match(req.method ?? 'GET', url.pathname);
  if (route === undefined) throw new ApiProblem('resource-not-found');
  if (route === 'method-not-allowed') throw new ApiProblem('method-not-allowed');
  return route.handler({ req, params: route.params, query: url.searchParams });
}

/** Writes the reply. */
export async function finish(req: IncomingMessage, res: ServerResponse, reply: Reply): Promise<void> {
  // An answer given before the whole body was read (a refused upload): the connection cannot be reused.
  if (!req.complete) res.setHeader('connection', 'close');
  try {
    await send(res, reply);
  } catch {
    // The client went away mid-response: nothing to answer.
    res.destroy();
  }
}

/** The request handler of the API listener: chaos first, then the sweep, the route and its reply. */
export function createPlatformHandler(
  options: ServerOptions,
  server: Server,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { router, chaos, beforeEach } = options;
  const hanging = new Set<NodeJS.Timeout>();
  server.on('close', () => {
    for (const timer of hanging) clearTimeout(timer);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://platform.invalid');
    const fault = chaos.draw();
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'timeout') {
      const timer = setTimeout(() => {
        hanging.delete(timer);
        req.socket.destroy();
      }, chaos.get().hangMs);
      hanging.add(timer);
      return;
    }
    if (fault === 'slow') await delay(chaos.get().slowMs);
    let reply: Reply;
    if (fault === '5xx') {
      const status = chaos.drawStatus();
      const name = status === 503 ? 'service-unavailable' : 'internal-error';
      reply = problem(
        new ApiProblem(name, 'Injected by the chaos switch.').body(url.pathname),
        status === 503 ? { 'retry-after': '1' } : {},
      );
    } else {
      try {
        await beforeEach();
        reply = await dispatch(router, req, url);
      } catch (error) {
        reply = errorReply(error, url.pathname);
      }
    }
    await finish(req, res, reply);
  }

  return (req, res) => {
    void handle(req, res);
  };
}
