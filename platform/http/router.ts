import type { IncomingMessage } from 'node:http';
import type { Reply } from './reply';

export interface RouteRequest {
  req: IncomingMessage;
  params: Record<string, string>;
  query: URLSearchParams;
}

export type Handler = (request: RouteRequest) => Promise<Reply>;

const UUID_SEGMENT = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';
/** Any one non-empty segment (a key id, a URL-encoded service identifier), decoded before it reaches the handler. */
const ANY_SEGMENT = '([^/]{1,1024})';

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/**
 * A tiny router: `:name` segments match UUIDs only (every id of the Submission API is one); `*name` matches
 * any one segment, percent-decoded (a segment that does not decode matches nothing).
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':') && !segment.startsWith('*'))
          return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return segment.startsWith(':') ? UUID_SEGMENT : ANY_SEGMENT;
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /** The handler and parameters, `method-not-allowed` when only the method differs, or undefined. */
  match(
    method: string,
    path: string,
  ): { handler: Handler; params: Record<string, string> } | 'method-not-allowed' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (found === null) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      let params: Record<string, string>;
      try {
        params = Object.fromEntries(
          route.names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]),
        );
      } catch {
        return undefined;
      }
      return { handler: route.handler, params };
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }
}
