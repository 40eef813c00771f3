import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * FIT-Connect callbacks (docs.fitko.de/fit-connect/docs/details/callbacks/): the delivery service POSTs to the
 * destination's callback URL with `callback-timestamp` (Unix seconds) and `callback-authentication`, the hex
 * HMAC-SHA-512 of `{timestamp}.{body}` keyed with the callback secret. The platform signs with this module and
 * the receiving side verifies with it, so both read the formula from one place (its end beyond `{timestamp}.`
 * is **unconfirmed**).
 */
export const CALLBACK_HEADERS = {
  timestamp: 'callback-timestamp',
  authentication: 'callback-authentication',
} as const;

/** A receiver MUST ignore callbacks whose timestamp is older than this. */
export const CALLBACK_MAX_AGE_SECONDS = 300;

/** The hex HMAC-SHA-512 over `{timestamp}.{body}`. */
export function callbackAuthentication(secret: string, timestamp: number, body: string): string {
  return createHmac('sha512', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The two headers for a callback with this body, sent at `nowMs`. */
export function callbackHeaders(secret: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    [CALLBACK_HEADERS.timestamp]: String(timestamp),
    [CALLBACK_HEADERS.authentication]: callbackAuthentication(secret, timestamp, body),
  };
}

export type CallbackRefusal = 'missing-headers' | 'stale' | 'wrong-authentication';

const TIMESTAMP = /^\d{1,12}$/;
const HEX_SHA512 = /^[0-9a-f]{128}$/i;

/**
 * Checks a received callback: the timestamp within 5 minutes of `nowMs` (either way, so a callback cannot be
 * held back and replayed later), and the HMAC compared in constant time. `body` is the raw request body as
 * received, before any parsing.
 */
export function verifyCallback(input: {
  secret: string;
  timestamp: string | undefined;
  authentication: string | undefined;
  body: string;
  nowMs: number;
}): { ok: true } | { ok: false; refusal: CallbackRefusal } {
  const { timestamp, authentication } = input;
  if (timestamp === undefined || authentication === undefined || !TIMESTAMP.test(timestamp)) {
    return { ok: false, refusal: 'missing-headers' };
  }
  const seconds = Number(timestamp);
  if (Math.abs(Math.floor(input.nowMs / 1000) - seconds) > CALLBACK_MAX_AGE_SECONDS) {
    return { ok: false, refusal: 'stale' };
  }
  if (!HEX_SHA512.test(authentication)) return { ok: false, refusal: 'wrong-authentication' };
  const expected = Buffer.from(callbackAuthentication(input.secret, seconds, input.body), 'hex');
  const given = Buffer.from(authentication, 'hex');
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, refusal: 'wrong-authentication' };
}
