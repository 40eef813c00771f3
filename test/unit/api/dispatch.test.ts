import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDispatcher, formatIssues, type Handlers } from '../../../main/api/dispatch';
import { createMemoryLogger } from '../../../main/log/logger';
import { ApiError } from '../../../shared/api/result';
import { createTestApp, type TestApp } from '../../support/app';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp();
});
afterAll(() => testApp.close());

const ctx = { transport: 'http' as const };

describe('dispatch', () => {
  it('answers a valid call with its result', async () => {
    const { app } = testApp;
    const envelope = await app.dispatch('app.info', {}, ctx);
    expect(envelope).toMatchObject({ ok: true, value: { name: 'Antragsdesk', mode: 'browser' } });
  });

  it('refuses an unknown call by name, without echoing a long name back', async () => {
    const { app } = testApp;
    const envelope = await app.dispatch(`x${'y'.repeat(500)}`, {}, ctx);
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('unknown-call');
    expect(envelope.error.message.length).toBeLessThan(120);
  });

  it('does not treat inherited object keys as calls', async () => {
    const { app } = testApp;
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const envelope = await app.dispatch(name, {}, ctx);
      expect(envelope).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    }
  });

  it('refuses an invalid input with the path of each problem', async () => {
    const { app } = testApp;
    const envelope = await app.dispatch('settings.update', { language: 'fr', extra: 1 }, ctx);
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('invalid-input');
    const paths = envelope.error.issues?.map((issue) => issue.path) ?? [];
    expect(paths).toContain('language');
    expect(paths.some((path) => path === '(input)' || path === 'extra')).toBe(true);
  });

  it.each([null, undefined, 'text', 42, [], { toString: 'x' }])(
    'refuses a non-object input %j cleanly',
    async (input) => {
      const { app } = testApp;
      const envelope = await app.dispatch('settings.update', input, ctx);
      if (input === null || input === undefined) expect(envelope.ok).toBe(true);
      else expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    },
  );

  it('passes an ApiError through and hides the message of any other error', async () => {
    const log = createMemoryLogger();
    const handlers = {
      'app.info': () => {
        throw new ApiError('forbidden', 'Not allowed.');
      },
      'settings.get': () => {
        throw new Error('Müller, Hauptstraße 5');
      },
      'settings.update': () => ({ language: 'de', theme: 'system' }),
    } as unknown as Handlers;
    const dispatch = createDispatcher(handlers, log);
    expect(await dispatch('app.info', {}, ctx)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Not allowed.' },
    });
    const hidden = await dispatch('settings.get', {}, ctx);
    expect(hidden).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(hidden)).not.toContain('Müller');
    expect(log.lines.join('\n')).not.toContain('Müller');
    expect(log.lines.join('\n')).toContain('call.failed');
  });

  it('formats nested zod issues as dotted paths', () => {
    const result = z.object({ a: z.object({ b: z.array(z.number()) }) }).safeParse({ a: { b: [1, 'x'] } });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(formatIssues(result.error)).toEqual([{ path: 'a.b.1', message: expect.any(String) }]);
  });
});

describe('settings through the API', () => {
  it('updates and reads back the language', async () => {
    const { app } = testApp;
    expect(await app.dispatch('settings.get', {}, ctx)).toEqual({
      ok: true,
      value: { language: 'de', theme: 'system' },
    });
    await app.dispatch('settings.update', { language: 'en' }, ctx);
    expect(await app.dispatch('settings.get', {}, ctx)).toEqual({
      ok: true,
      value: { language: 'en', theme: 'system' },
    });
    expect(await app.dispatch('app.info', {}, ctx)).toMatchObject({ ok: true, value: { locale: 'en' } });
  });
});
