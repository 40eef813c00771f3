import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ProblemBody } from '../problems';

/** What a handler answers; `send` writes it. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Readable;
}

export function json(status: number, value: unknown, contentType = 'application/json'): Reply {
  return {
    status,
    headers: { 'content-type': `${contentType}; charset=utf-8` },
    body: JSON.stringify(value),
  };
}

export function problem(body: ProblemBody, headers: Record<string, string> = {}): Reply {
  return {
    ...json(body.status, body, 'application/problem+json'),
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  };
}

export function noContent(): Reply {
  return { status: 204 };
}

export async function send(res: ServerResponse, reply: Reply): Promise<void> {
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.setHeader('cache-control', 'no-store');
  if (reply.body instanceof Readable) {
    await pipeline(reply.body, res);
    return;
  }
  if (reply.body !== undefined) res.setHeader('content-length', Buffer.byteLength(reply.body));
  res.end(reply.body);
}
