import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CALLBACK_HEADERS,
  callbackAuthentication,
  callbackHeaders,
  verifyCallback,
} from '../../../main/fitconnect/callback';

const secret = 'callback-secret-of-the-destination-0123456789';
const body = JSON.stringify({
  type: 'https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions',
  submissions: [{ destinationId: 'd', submissionId: 's', caseId: 'c' }],
});
const sentAt = Date.UTC(2026, 11, 7, 9, 0, 0);

function received(overrides: Partial<Parameters<typeof verifyCallback>[0]> = {}) {
  const headers = callbackHeaders(secret, body, sentAt);
  return verifyCallback({
    secret,
    timestamp: headers[CALLBACK_HEADERS.timestamp],
    authentication: headers[CALLBACK_HEADERS.authentication],
    body,
    nowMs: sentAt,
    ...overrides,
  });
}

describe('callback authentication (HMAC-SHA-512 over {timestamp}.{body})', () => {
  it('computes the hex HMAC of timestamp, dot and body with the secret', () => {
    const expected = createHmac('sha512', secret).update(`1700000000.${body}`).digest('hex');
    expect(callbackAuthentication(secret, 1700000000, body)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{128}$/);
    const headers = callbackHeaders(secret, body, 1_700_000_000_999);
    expect(headers).toEqual({ 'callback-timestamp': '1700000000', 'callback-authentication': expected });
  });

  it('accepts an untouched callback, also up to 5 minutes later', () => {
    expect(received()).toEqual({ ok: true });
    expect(received({ nowMs: sentAt + 300_000 })).toEqual({ ok: true });
  });

  it('refuses a tampered body', () => {
    expect(received({ body: body.replace('"s"', '"t"') })).toEqual({
      ok: false,
      refusal: 'wrong-authentication',
    });
  });

  it('refuses a tampered timestamp, even within the window', () => {
    const timestamp = String(Math.floor(sentAt / 1000) + 1);
    expect(received({ timestamp })).toEqual({ ok: false, refusal: 'wrong-authentication' });
  });

  it('refuses a wrong secret', () => {
    expect(received({ secret: `${secret}x` })).toEqual({ ok: false, refusal: 'wrong-authentication' });
  });

  it('refuses a replay older than 5 minutes and a timestamp more than 5 minutes ahead', () => {
    expect(received({ nowMs: sentAt + 301_000 })).toEqual({ ok: false, refusal: 'stale' });
    expect(received({ nowMs: sentAt - 301_000 })).toEqual({ ok: false, refusal: 'stale' });
  });

  it('refuses missing or malformed headers without throwing', () => {
    expect(received({ timestamp: undefined })).toEqual({ ok: false, refusal: 'missing-headers' });
    expect(received({ authentication: undefined })).toEqual({ ok: false, refusal: 'missing-headers' });
    expect(received({ timestamp: '1.5e9' })).toEqual({ ok: false, refusal: 'missing-headers' });
    expect(received({ authentication: 'abc' })).toEqual({ ok: false, refusal: 'wrong-authentication' });
    const valid = callbackHeaders(secret, body, sentAt)[CALLBACK_HEADERS.authentication] ?? '';
    expect(received({ authentication: `${valid}00` })).toEqual({
      ok: false,
      refusal: 'wrong-authentication',
    });
    // Upper-case hex is the same HMAC.
    expect(received({ authentication: valid.toUpperCase() })).toEqual({ ok: true });
  });
});
