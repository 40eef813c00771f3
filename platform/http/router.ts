import type { IncomingMessage } from 'node:http';
import type { Reply } from './reply';

export interface RouteRequest {
  req: IncomingMessage;
  params: Record<string, string>;
  query: URLSearchParams;
}

export type Handler = (request: RouteRequest) => Promise<Reply>;

const UUID_SEGMENT = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/** A tiny router: `:name` segments match UUIDs only (every id in this API is one). */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return UUID_SEGMENT;
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
      return {
        handler: route.handler,
        params: Object.fromEntries(route.names.map((name, i) => [name, found[i + 1] ?? ''])),
      };
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }
}
