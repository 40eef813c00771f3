/**
 * Reading an HTTP answer of a remote system: what the status means for a retry, and the few fields worth
 * keeping (an id, an RFC 7807 problem, Retry-After), each bounded in size and stripped of control
 * characters, because they end up stored and shown.
 */
import type { Dispatcher } from 'undici';

/** An RFC 7807 problem as the remote side sent it; `detail` is kept apart from messages (it may echo data). */
export interface RemoteProblem {
  type?: string;
  title?: string;
  detail?: string;
}

export type StatusClass = 'success' | 'retry' | 'permanent';

/** Statuses that say "not now" rather than "not this". */
const RETRYABLE_STATUS = new Set([408, 425, 429]);
const MAX_BODY_BYTES = 64 * 1024;
const MAX_FIELD_CHARS = 300;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function classifyStatus(status: number): StatusClass {
  if (status >= 200 && status < 300) return 'success';
  if (status >= 500 || RETRYABLE_STATUS.has(status)) return 'retry';
  return 'permanent';
}

/** The body as JSON when it is JSON and not larger than `limit`; the rest is discarded. */
export async function readJsonBody(
  body: Dispatcher.ResponseData['body'],
  limit = MAX_BODY_BYTES,
): Promise<unknown> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    length += (chunk as Buffer).length;
    if (length > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

export function cleanField(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).replace(CONTROL, '').trim().slice(0, MAX_FIELD_CHARS);
  return text === '' ? undefined : text;
}

export function problemOf(json: unknown): RemoteProblem | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { type, title, detail } = json as Record<string, unknown>;
  const problem: RemoteProblem = {
    ...optional('type', cleanField(type)),
    ...optional('title', cleanField(title)),
    ...optional('detail', cleanField(detail)),
  };
  return Object.keys(problem).length === 0 ? undefined : problem;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

export function headerValue(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
