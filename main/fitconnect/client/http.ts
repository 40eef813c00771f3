import { Agent, type Dispatcher, request } from 'undici';
import { SubscriberError } from './errors';

export type HttpResponse = Dispatcher.ResponseData;
export type ResponseBody = HttpResponse['body'];

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/** How much of an unwanted body is read to keep its connection alive; beyond that the connection is dropped. */
const DISCARD_LIMIT = 64 * 1024;

/** The connection limits and timeouts of a client (the subscriber's and the sender's settings carry them). */
export interface HttpClientSettings {
  connections: number;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

/**
 * One keep-alive connection pool (undici `Agent`) with connect, header and body timeouts. A request either
 * returns the response or fails with `network-error`; what a status means is the caller's business.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(settings: HttpClientSettings) {
    this.agent = new Agent({
      connections: settings.connections,
      keepAliveTimeout: 10_000,
      headersTimeout: settings.headersTimeoutMs,
      bodyTimeout: settings.bodyTimeoutMs,
      connect: { timeout: settings.connectTimeoutMs },
    });
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    try {
      return await request(req.url, {
        dispatcher: this.agent,
        method: req.method,
        ...(req.headers === undefined ? {} : { headers: req.headers }),
        ...(req.body === undefined ? {} : { body: req.body }),
      });
    } catch (cause) {
      throw new SubscriberError('network-error', {}, { cause });
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Throws the coded error for a status outside `expected`, after discarding the body. */
export async function expectStatus(
  response: HttpResponse,
  expected: readonly number[],
  subject: { destinationId?: string; submissionId?: string } = {},
): Promise<void> {
  const status = response.statusCode;
  if (expected.includes(status)) return;
  await discard(response.body);
  throw new SubscriberError(statusCode(status), { ...subject, status });
}

function statusCode(status: number): 'unauthorized' | 'not-found' | 'server-error' | 'unexpected-status' {
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not-found';
  if (status >= 500 || status === 429) return 'server-error';
  return 'unexpected-status';
}

export async function discard(body: ResponseBody): Promise<void> {
  await body.dump({ limit: DISCARD_LIMIT }).catch(() => undefined);
}

/** Reads a body of at most `limit` bytes: a break-off is a network error, more bytes or bad JSON invalid. */
export async function readJson(body: ResponseBody, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of trackBody(body).chunks) {
    total += chunk.length;
    if (total > limit) {
      body.destroy();
      throw new SubscriberError('invalid-response');
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (cause) {
    throw new SubscriberError('invalid-response', {}, { cause });
  }
}

export interface TrackedBody {
  chunks: AsyncIterable<Buffer>;
  /** The transport failure that ended the body, if one did (as opposed to the consumer giving up). */
  failure(): SubscriberError | undefined;
}

/** Turns transport failures inside a body into `network-error` and remembers them; counts bytes. */
export function trackBody(body: ResponseBody, onBytes?: (bytes: number) => void): TrackedBody {
  let failure: SubscriberError | undefined;
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of body) {
        onBytes?.((chunk as Buffer).length);
        yield chunk as Buffer;
      }
    } catch (cause) {
      failure = new SubscriberError('network-error', {}, { cause });
      throw failure;
    } finally {
      // The consumer stopped early (e.g. a refused header): free the connection.
      if (!body.readableEnded) body.destroy();
    }
  }
  return { chunks: chunks(), failure: () => failure };
}
