import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Stand-in with the contract of `main/fitconnect/callback.ts` (written on the platform's branch), to be
 * replaced by it at the merge: the delivery service's callback is authentic when `callback-authentication` is
 * hex(HMAC-SHA-512(secret, `{timestamp}.{body}`)), compared in constant time, and fresh when its
 * `callback-timestamp` (Unix seconds) is at most 5 minutes old.
 */
export const CALLBACK_MAX_AGE_SECONDS = 5 * 60;

export type CallbackRefusal = 'malformed' | 'stale' | 'wrong-hmac';

export function verifyCallback(input: {
  secret: string;
  timestamp: string;
  body: string;
  authentication: string;
  now: Date;
}): { ok: true } | { ok: false; reason: CallbackRefusal } {
  if (!/^\d{1,12}$/.test(input.timestamp) || !/^[0-9a-f]{128}$/i.test(input.authentication)) {
    return { ok: false, reason: 'malformed' };
  }
  const age = Math.floor(input.now.getTime() / 1000) - Number(input.timestamp);
  // A timestamp far ahead would keep a captured callback fresh for as long.
  if (Math.abs(age) > CALLBACK_MAX_AGE_SECONDS) return { ok: false, reason: 'stale' };
  const expected = createHmac('sha512', input.secret).update(`${input.timestamp}.${input.body}`).digest();
  const given = Buffer.from(input.authentication, 'hex');
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'wrong-hmac' };
}
