import { describe, expect, it } from 'vitest';
import { AuthError } from '../../../main/auth/errors';
import { listenForCallback, SIGNED_IN_PAGE } from '../../../main/auth/loopback';

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof AuthError ? error.code : String(error)),
  );

describe('loopback redirect listener', () => {
  it('listens on 127.0.0.1 at a random port, takes one answer with the right state and closes', async () => {
    const callback = await listenForCallback({ expectedState: 'st-1', timeoutMs: 10_000 });
    expect(callback.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);

    const stray = await fetch(new URL('/favicon.ico', callback.redirectUri));
    expect(stray.status).toBe(404);
    const answer = await fetch(`${callback.redirectUri}?code=abc&state=st-1&iss=x`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(await answer.text()).toBe(SIGNED_IN_PAGE);

    const url = await callback.result;
    expect(url.href).toBe(`${callback.redirectUri}?code=abc&state=st-1&iss=x`);
    await expect(fetch(`${callback.redirectUri}?code=again&state=st-1`)).rejects.toThrow();
  });

  it('an answer with another state is refused and ends the wait', async () => {
    const callback = await listenForCallback({ expectedState: 'st-2', timeoutMs: 10_000 });
    const answer = await fetch(`${callback.redirectUri}?code=abc&state=other`);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('Anmeldung nicht abgeschlossen');
    expect(await codeOf(callback.result)).toBe('state-mismatch');
  });

  it('an error answer is handed on (the grant turns it into a coded error)', async () => {
    const callback = await listenForCallback({ expectedState: 'st-3', timeoutMs: 10_000 });
    const answer = await fetch(`${callback.redirectUri}?error=access_denied&state=st-3`);
    expect(await answer.text()).toContain('nicht abgeschlossen');
    expect((await callback.result).searchParams.get('error')).toBe('access_denied');
  });

  it('times out, can be closed, and honours an abort signal', async () => {
    const timedOut = await listenForCallback({ expectedState: 's', timeoutMs: 20 });
    expect(await codeOf(timedOut.result)).toBe('login-timeout');

    const closed = await listenForCallback({ expectedState: 's', timeoutMs: 10_000 });
    closed.close();
    expect(await codeOf(closed.result)).toBe('login-cancelled');
    await expect(fetch(closed.redirectUri)).rejects.toThrow();

    const controller = new AbortController();
    const aborted = await listenForCallback({
      expectedState: 's',
      timeoutMs: 10_000,
      signal: controller.signal,
    });
    controller.abort();
    expect(await codeOf(aborted.result)).toBe('login-cancelled');
    expect(
      await codeOf(listenForCallback({ expectedState: 's', timeoutMs: 10, signal: controller.signal })),
    ).toBe('login-cancelled');
  });
});
