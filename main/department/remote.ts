/**
 * The workstation's side of department mode: contract calls forwarded to the department service with the
 * person's access token (`POST <url>/api/call/<name>`, browser mode's envelope), and the service's event stream
 * (`GET <url>/api/events`, server-sent events) relayed onto the workstation's event hub. Every answer is
 * checked before it reaches the renderer; a network failure becomes `unavailable` / `service-unreachable`, a
 * refused token (401) signs the person out through `onUnauthorized`.
 */
import { z } from 'zod';
import type { Envelope } from '../../shared/api/result';
import type { EventName, EventPayload } from '../api/contract';
import { isEventName } from '../api/contract';
import type { Dispatch } from '../api/dispatch';
import type { EventHub } from '../api/events';
import type { Logger } from '../log/logger';

export interface RemoteServiceOptions {
  /** The service's base URL from the profile (`departmentService.url`), e.g. `https://fachdienst.stadt.de`. */
  url: string;
  /** The person's current access token for the service's audience; `null` when nobody is signed in. */
  accessToken(): Promise<string | null>;
  /** The service refused the token (401): the workstation signs the person out. */
  onUnauthorized(): void;
  log: Logger;
  /** Node's fetch unless a test or a private CA (an undici Agent) needs another. */
  fetch?: typeof fetch;
}

const UNREACHABLE: Envelope<never> = {
  ok: false,
  error: {
    code: 'unavailable',
    reason: 'service-unreachable',
    message: 'The department service cannot be reached.',
  },
};

const SIGNED_OUT: Envelope<never> = {
  ok: false,
  error: { code: 'unauthorized', reason: 'not-signed-in', message: 'Not signed in.' },
};

const KNOWN_CODES = new Set([
  'invalid-input',
  'unknown-call',
  'forbidden-origin',
  'unauthorized',
  'forbidden',
  'not-found',
  'conflict',
  'invalid-transition',
  'unavailable',
  'verification-failed',
  'vault-error',
  'refused',
  'internal',
]);

const issueSchema = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).optional(),
});

/** What the service may answer; anything else is not passed on. */
const envelopeSchema = z.union([
  // A call answering nothing (`void`) comes as `{ ok: true }`: JSON has no undefined.
  z.object({ ok: z.literal(true), value: z.unknown().optional() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.string().refine((code) => KNOWN_CODES.has(code)),
      message: z.string().max(2000),
      issues: z.array(issueSchema).optional(),
      reason: z.string().max(100).optional(),
    }),
  }),
]);

const INVALID_ANSWER: Envelope<never> = {
  ok: false,
  error: { code: 'internal', message: 'The department service gave an answer that is not valid.' },
};

export function createRemoteDispatch(options: RemoteServiceOptions): Dispatch {
  const doFetch = options.fetch ?? fetch;
  const base = options.url.replace(/\/+$/, '');
  return async (name, input) => {
    const token = await options.accessToken();
    if (token === null) return SIGNED_OUT;
    let response: Response;
    try {
      response = await doFetch(`${base}/api/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
    } catch (error) {
      // Only the failure's kind: a message may name the host or the path.
      options.log.warn('department.unreachable', { call: name, error: (error as Error).name });
      return UNREACHABLE;
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if (response.status === 401) return unauthorized(options);
      options.log.warn('department.answer-unreadable', { call: name, status: response.status });
      // A proxy's error page or a connection cut mid-answer: the service was not (fully) reached.
      return (error as Error).name === 'SyntaxError' && response.status < 500 ? INVALID_ANSWER : UNREACHABLE;
    }
    const parsed = envelopeSchema.safeParse(body);
    if (!parsed.success) {
      options.log.warn('department.answer-invalid', { call: name, status: response.status });
      return INVALID_ANSWER;
    }
    if (response.status === 401 || (!parsed.data.ok && parsed.data.error.code === 'unauthorized')) {
      return unauthorized(options);
    }
    return parsed.data as Envelope<unknown>;
  };
}

function unauthorized(options: RemoteServiceOptions): Envelope<never> {
  options.onUnauthorized();
  return {
    ok: false,
    error: {
      code: 'unauthorized',
      message: 'The department service refused the session. Please sign in again.',
    },
  };
}

export type EventStreamState = 'connected' | 'disconnected';

export interface ServiceEventsOptions extends RemoteServiceOptions {
  hub: EventHub;
  /** Told when the stream opens and when it breaks (the offline banner listens). */
  onState?(state: EventStreamState): void;
  /** Wait before connecting again after the stream broke. */
  retryMs?: number;
}

export interface ServiceEvents {
  close(): void;
}

/**
 * Keeps one event stream open to the service while someone is signed in, and emits each event it carries on
 * the workstation's hub (the renderer's transports already relay the hub). Reconnects after a break.
 */
export function connectServiceEvents(options: ServiceEventsOptions): ServiceEvents {
  const doFetch = options.fetch ?? fetch;
  const base = options.url.replace(/\/+$/, '');
  const retryMs = options.retryMs ?? 2000;
  let closed = false;
  let abort: AbortController | null = null;
  let timer: NodeJS.Timeout | null = null;

  const again = () => {
    if (closed) return;
    timer = setTimeout(() => void run(), retryMs);
    timer.unref?.();
  };

  const run = async () => {
    timer = null;
    const token = await options.accessToken();
    if (closed) return;
    if (token === null) return again();
    abort = new AbortController();
    try {
      const response = await doFetch(`${base}/api/events`, {
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
        signal: abort.signal,
      });
      if (response.status === 401) {
        options.onUnauthorized();
        return again();
      }
      if (!response.ok || response.body === null) throw new Error(`status ${response.status}`);
      options.onState?.('connected');
      const parser = createEventParser((name, payload) => options.hub.emit(name, payload));
      const decoder = new TextDecoder();
      for await (const chunk of response.body) parser(decoder.decode(chunk, { stream: true }));
    } catch (error) {
      if (!closed) options.log.warn('department.events-broken', { error: (error as Error).name });
    }
    abort = null;
    if (closed) return;
    options.onState?.('disconnected');
    again();
  };

  void run();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      abort?.abort();
    },
  };
}

/** Server-sent events, frame by frame: known event names with a JSON payload pass, the rest is dropped. */
export function createEventParser(
  emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void,
): (text: string) => void {
  let buffer = '';
  return (text) => {
    buffer += text.replace(/\r\n?/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      let name = '';
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (!isEventName(name) || data.length === 0) continue;
      try {
        emit(name, JSON.parse(data.join('\n')));
      } catch {
        // A frame that is not JSON carries nothing the desk could use.
      }
    }
  };
}
