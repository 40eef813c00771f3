/**
 * The sender's HTTP exchange with the Submission API: bearer token, one renewal after a 401, retries of
 * idempotent calls on transient faults, bounded JSON answers, and every failure as a `SenderError`.
 * Bodies are made anew for each attempt, so a streamed attachment is never held whole.
 */
import { Readable } from 'node:stream';
import { Agent, type Dispatcher, request } from 'undici';
import type { z } from 'zod';
import { problemOf, readJsonBody } from '../../http/response';
import { retrying } from '../../http/retry';
import { SubscriberError } from '../client/errors';
import { SenderError } from './errors';
import type { SenderTokenSource } from './tokens';

/** A request body: JSON, or a JWE given whole or as a stream made anew for each attempt. */
export type SenderBody = { json: unknown } | { jose: () => AsyncIterable<Uint8Array> | string };

export interface SenderTransportOptions {
  /** Base URL of the Submission API, without the version prefix; it may carry a path of its own. */
  baseUrl: string | URL;
  /** Version prefix of the paths; default `/v1`. */
  apiPrefix?: string;
  tokens: SenderTokenSource;
  /** Extra attempts for idempotent calls on 5xx, 408, 425, 429 and network faults (default 3). */
  retries?: number;
  /** Longest wait for the answer's headers, and between two chunks of its body (default 30 s). */
  timeoutMs?: number;
  /** CA certificates for the API's TLS certificate, when not a public CA. */
  ca?: string | Buffer | (string | Buffer)[];
}

export interface SenderCall {
  method: 'GET' | 'POST' | 'PUT';
  /** Below the version prefix, segments already encoded. */
  path: string;
  query?: Record<string, string>;
  /** Names the step in errors. */
  step: string;
  body?: SenderBody;
  /** A create is never repeated: a lost answer would leave two submissions. */
  idempotent: boolean;
  /** Largest JSON answer read (default 64 KiB). */
  maxBytes?: number;
}

const UNAUTHORIZED = 401;
const RETRY_BACKOFF = { baseMs: 200, maxMs: 5_000 };

export class SenderTransport {
  private readonly base: URL;
  private readonly prefix: string;
  private readonly agent: Agent;

  constructor(private readonly options: SenderTransportOptions) {
    this.base = new URL(options.baseUrl);
    this.prefix = options.apiPrefix ?? '/v1';
    const timeout = options.timeoutMs ?? 30_000;
    this.agent = new Agent({
      headersTimeout: timeout,
      bodyTimeout: timeout,
      connect: { timeout, ...(options.ca === undefined ? {} : { ca: options.ca }) },
    });
  }

  /** The answer's JSON (`undefined` for an empty or non-JSON body) after a 2xx; otherwise a `SenderError`. */
  async call(call: SenderCall): Promise<unknown> {
    return retrying(
      () => this.authorized(call),
      { ...RETRY_BACKOFF, retries: call.idempotent ? (this.options.retries ?? 3) : 0 },
      (error) => error instanceof SenderError && error.retryable,
    );
  }

  /** `call`, with the answer checked against `schema`: one that does not fit is an `invalid-response`. */
  async callFor<T>(call: SenderCall, schema: z.ZodType<T>): Promise<T> {
    const parsed = schema.safeParse(await this.call(call));
    if (!parsed.success) throw new SenderError('invalid-response', { step: call.step });
    return parsed.data;
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** One attempt; after a 401 the token is invalidated and the call made once more. */
  private async authorized(call: SenderCall): Promise<unknown> {
    let token = await this.token();
    let response = await this.send(call, token);
    if (response.statusCode === UNAUTHORIZED) {
      await response.body.dump();
      this.options.tokens.invalidate(token);
      token = await this.token();
      response = await this.send(call, token);
    }
    const json = await this.read(response, call);
    const status = response.statusCode;
    if (status >= 200 && status < 300) return json;
    const problem = problemOf(json);
    throw new SenderError('http-error', {
      step: call.step,
      status,
      ...(problem === undefined ? {} : { problem }),
    });
  }

  private async read(response: Dispatcher.ResponseData, call: SenderCall): Promise<unknown> {
    try {
      return await readJsonBody(response.body, call.maxBytes);
    } catch (error) {
      throw new SenderError('network-error', { step: call.step }, { cause: error });
    }
  }

  private async token(): Promise<string> {
    try {
      return await this.options.tokens.token();
    } catch (error) {
      const subscriberError = error instanceof SubscriberError ? error : undefined;
      if (subscriberError?.code === 'network-error')
        throw new SenderError('network-error', { step: 'sender token' }, { cause: error });
      const status = subscriberError?.subject.status;
      throw new SenderError(
        'token-error',
        { step: 'sender token', ...(status === undefined ? {} : { status }) },
        { cause: error },
      );
    }
  }

  private async send(call: SenderCall, token: string): Promise<Dispatcher.ResponseData> {
    const url = new URL(this.base);
    // The base may carry a path of its own (`…/submission-api`): append, never replace.
    url.pathname = url.pathname.replace(/\/$/, '') + this.prefix + call.path;
    url.search = call.query === undefined ? '' : new URLSearchParams(call.query).toString();
    const body = call.body === undefined ? undefined : payload(call.body);
    try {
      return await request(url, {
        method: call.method,
        dispatcher: this.agent,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json, application/problem+json',
          ...(call.body === undefined
            ? {}
            : { 'content-type': 'json' in call.body ? 'application/json' : 'application/jose' }),
        },
        ...(body === undefined ? {} : { body: body.content }),
      });
    } catch (error) {
      // A source that failed while it streamed (e.g. a changed attachment) is the caller's error, not the network's.
      const failure = body?.failure();
      if (failure !== undefined) throw failure;
      throw new SenderError('network-error', { step: call.step }, { cause: error });
    }
  }
}

interface Payload {
  content: string | Readable;
  failure(): unknown;
}

function payload(body: SenderBody): Payload {
  if ('json' in body) return { content: JSON.stringify(body.json), failure: () => undefined };
  const jwe = body.jose();
  if (typeof jwe === 'string') return { content: jwe, failure: () => undefined };
  const source = jwe;
  let failure: unknown;
  async function* tracked(): AsyncGenerator<Uint8Array> {
    try {
      yield* source;
    } catch (error) {
      failure = error;
      throw error;
    }
  }
  return { content: Readable.from(tracked()), failure: () => failure };
}
