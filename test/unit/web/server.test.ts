import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../main/log/logger';
import { startWebServer, type WebServer } from '../../../main/web/server';
import { createTestApp, type TestApp } from '../../support/app';
import { rawRequest } from '../../support/http';

let dir: string;
let server: WebServer;
let appHandle: TestApp;
const refusals = createMemoryLogger('web');
let clock = Date.parse('2026-01-05T08:00:00Z');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ad-web-'));
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Antragsdesk</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the root');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'assets', 'link.js'));
  appHandle = await createTestApp();
  server = await startWebServer({
    app: appHandle.app,
    rendererDir: root,
    token: 'test-token',
    log: refusals,
    now: () => clock,
  });
});

afterAll(async () => {
  await server.close();
  await appHandle.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  rawRequest(`${server.url}/api/call/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer test-token', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('loopback API', () => {
  it('binds to 127.0.0.1 and prints a launch URL with the token in the fragment only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.launchUrl).toBe(`${server.url}/#token=test-token`);
  });

  it('answers a real call', async () => {
    const response = await call('app.info', {});
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      ok: true,
      value: { name: 'Antragsdesk', mode: 'browser' },
    });
  });

  it('generates a fresh random token per launch when none is given', async () => {
    const a = await startWebServer({ app: appHandle.app, rendererDir: join(dir, 'renderer') });
    const b = await startWebServer({ app: appHandle.app, rendererDir: join(dir, 'renderer') });
    expect(a.token).not.toBe(b.token);
    expect(a.token.length).toBeGreaterThanOrEqual(43);
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses a call without the token', async () => {
    const response = await call('app.info', {}, { Authorization: '' });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'Missing or wrong session token.' },
    });
  });

  it('refuses a call with a wrong token of any length', async () => {
    for (const token of ['test-tokeN', 'x', 'test-token-and-more']) {
      const response = await call('app.info', {}, { Authorization: `Bearer ${token}` });
      expect(response.status).toBe(401);
    }
  });

  it('refuses a call from a foreign origin even with the right token', async () => {
    const response = await call('app.info', {}, { Origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).error.code).toBe('forbidden-origin');
  });

  it('refuses a request for a foreign host name (DNS rebinding)', async () => {
    const response = await call('app.info', {}, { Host: `evil.example:${server.port}` });
    expect(response.status).toBe(403);
  });

  it('answers a malformed percent-encoding in a call name with 400 and a clear error', async () => {
    const response = await call('app.%E0%A4%A', {});
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      ok: false,
      error: { code: 'invalid-input', message: 'The call name is not valid percent-encoding.' },
    });
  });

  it('logs refused tokens, origins, hosts and call names by kind, at most once a minute each', async () => {
    refusals.lines.length = 0;
    clock += 120_000;
    for (let i = 0; i < 3; i++) await call('app.info', {}, { Authorization: 'Bearer anna.schmidt-guess' });
    await call('app.info', {}, { Origin: 'https://evil.example' });
    await call('app.info', {}, { Host: `evil.example:${server.port}` });
    await call('app.%ZZ', {});
    const logged = () => refusals.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    // One line per kind; its count includes the refusals of earlier tests that were not logged.
    expect(logged().map((line) => [line.event, line.kind])).toEqual([
      ['web.refused', 'token'],
      ['web.refused', 'origin-or-host'],
      ['web.refused', 'call-name'],
    ]);
    // Nothing a caller sent reaches the log.
    expect(refusals.lines.join('\n')).not.toMatch(/anna|evil|%ZZ/);
    clock += 60_000;
    await call('app.info', {}, { Authorization: '' });
    expect(logged().at(-1)).toMatchObject({ kind: 'token', count: 3 });
  });

  it('refuses an invalid payload with a clear message', async () => {
    const response = await call('settings.update', { theme: 'pink' });
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body);
    expect(body.error.code).toBe('invalid-input');
    expect(body.error.issues[0].path).toBe('theme');
  });

  it('refuses malformed JSON, a wrong content type and an oversized body', async () => {
    expect((await call('app.info', '{not json')).status).toBe(400);
    const wrongType = await call('app.info', '{}', { 'Content-Type': 'text/plain' });
    expect(JSON.parse(wrongType.body).error.message).toContain('application/json');
    const huge = await call('settings.update', JSON.stringify({ language: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(400);
    expect(JSON.parse(huge.body).error.message).toContain('too large');
  });

  it('answers an unknown call and a GET on a call with 404', async () => {
    expect((await call('vault.dropEverything', {})).status).toBe(404);
    const get = await rawRequest(`${server.url}/api/call/app.info`, {
      headers: { Authorization: 'Bearer test-token' },
    });
    expect(get.status).toBe(404);
  });

  it('streams contract events to an authorized listener', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/events`, {
      headers: { Authorization: 'Bearer test-token' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // the ": connected" comment
    appHandle.app.events.emit('outbox.changed', { pending: 2, inFlight: 0, failed: 1, delivered: 5 });
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe(
      'event: outbox.changed\ndata: {"pending":2,"inFlight":0,"failed":1,"delivered":5}\n\n',
    );
    controller.abort();
  });

  it('refuses the event stream without the token', async () => {
    expect((await rawRequest(`${server.url}/api/events`)).status).toBe(401);
  });
});

describe('serving the renderer', () => {
  it('serves index.html with the strict CSP and no token needed', async () => {
    const response = await rawRequest(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.body).toContain('<title>Antragsdesk</title>');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves assets with their type and falls back to index.html for app routes', async () => {
    const js = await rawRequest(`${server.url}/assets/app.js`);
    expect(js.headers['content-type']).toContain('text/javascript');
    const route = await rawRequest(`${server.url}/cases/123`);
    expect(route.body).toContain('<title>Antragsdesk</title>');
  });

  it('lets the browser keep the hashed assets, but asks again for index.html and every app route', async () => {
    const js = await rawRequest(`${server.url}/assets/app.js`);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/cases/123']) {
      expect((await rawRequest(`${server.url}${path}`)).headers['cache-control']).toBe('no-cache');
    }
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/assets/link.js',
    '/assets/missing.js',
    '/%00.js',
    '/%E0%A4%A.js',
  ])('does not serve %s', async (path) => {
    const response = await rawRequest(`${server.url}${path}`);
    expect(response.body).not.toContain('outside the root');
    expect(response.status).toBe(404);
  });

  it('refuses other methods on static paths', async () => {
    expect((await rawRequest(`${server.url}/`, { method: 'DELETE' })).status).toBe(405);
  });
});
