import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventHub } from '../../../main/api/events';
import { connectServiceEvents, createRemoteDispatch } from '../../../main/department/remote';
import { LOCAL_CALLS, routeCalls } from '../../../main/department/routing';
import { createMemoryLogger } from '../../../main/log/logger';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let server: Server | null = null;

async function serve(handler: Handler): Promise<string> {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  const open = server;
  server = null;
  if (open === null) return;
  open.closeAllConnections();
  await new Promise((resolve) => open.close(resolve));
});

const ctx = { transport: 'ipc' } as const;
const json = (res: ServerResponse, status: number, value: unknown) =>
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));

describe('remote dispatch to the department service', () => {
  it('forwards the call with the person token and passes the envelope on', async () => {
    const seen: { path?: string; auth?: string; body?: string } = {};
    const url = await serve((req, res, body) => {
      Object.assign(seen, { path: req.url, auth: req.headers.authorization, body });
      json(res, 200, { ok: true, value: { cases: [] } });
    });
    const dispatch = createRemoteDispatch({
      url: `${url}/`,
      accessToken: async () => 'tok-1',
      onUnauthorized: () => undefined,
      log: createMemoryLogger('t'),
    });
    expect(await dispatch('cases.list', { limit: 5 }, ctx)).toEqual({ ok: true, value: { cases: [] } });
    expect(seen).toEqual({ path: '/api/call/cases.list', auth: 'Bearer tok-1', body: '{"limit":5}' });
  });

  it('answers service-unreachable when nothing listens, with nothing about the host in the log', async () => {
    const url = await serve(() => undefined);
    server?.close();
    await new Promise((resolve) => setImmediate(resolve));
    const log = createMemoryLogger('t');
    const dispatch = createRemoteDispatch({
      url,
      accessToken: async () => 'tok',
      onUnauthorized: () => undefined,
      log,
    });
    const answer = await dispatch('cases.list', {}, ctx);
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'unavailable', reason: 'service-unreachable' },
    });
    expect(JSON.stringify(log.lines)).not.toContain('127.0.0.1');
  });

  it('passes on the answer of a call that answers nothing (void)', async () => {
    const url = await serve((_req, res) => json(res, 200, { ok: true }));
    const dispatch = createRemoteDispatch({
      url,
      accessToken: async () => 'tok',
      onUnauthorized: () => undefined,
      log: createMemoryLogger('t'),
    });
    expect(await dispatch('team.working', { id: 'case-1', active: true }, ctx)).toEqual({ ok: true });
  });

  it('refuses an answer that is not an envelope', async () => {
    const url = await serve((_req, res) => json(res, 200, { cases: [] }));
    const dispatch = createRemoteDispatch({
      url,
      accessToken: async () => 'tok',
      onUnauthorized: () => undefined,
      log: createMemoryLogger('t'),
    });
    expect(await dispatch('cases.list', {}, ctx)).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('signs the person out on a 401 and sends nothing without a token', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls += 1;
      json(res, 401, { ok: false, error: { code: 'unauthorized', message: 'expired' } });
    });
    let signedOut = 0;
    let token: string | null = 'old';
    const dispatch = createRemoteDispatch({
      url,
      accessToken: async () => token,
      onUnauthorized: () => {
        signedOut += 1;
        token = null;
      },
      log: createMemoryLogger('t'),
    });
    expect(await dispatch('cases.list', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(signedOut).toBe(1);
    expect(await dispatch('cases.list', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(calls).toBe(1);
  });

  it('keeps the workstation calls local and forwards the case calls', async () => {
    const local = async (name: string) => ({ ok: true as const, value: `local:${name}` });
    const remote = async (name: string) => ({ ok: true as const, value: `remote:${name}` });
    const dispatch = routeCalls(local, remote);
    expect(await dispatch('settings.get', {}, ctx)).toEqual({ ok: true, value: 'local:settings.get' });
    expect(await dispatch('session.signIn', {}, ctx)).toEqual({ ok: true, value: 'local:session.signIn' });
    expect(await dispatch('cases.list', {}, ctx)).toEqual({ ok: true, value: 'remote:cases.list' });
    expect(LOCAL_CALLS.has('notices.seal' as never)).toBe(false);
    // The desktop shows the notification; the service says which are due.
    expect(await dispatch('notifications.show', { title: 't', body: 'b' }, ctx)).toEqual({
      ok: true,
      value: 'local:notifications.show',
    });
    expect(await dispatch('notifications.pending', {}, ctx)).toEqual({
      ok: true,
      value: 'remote:notifications.pending',
    });
  });
});

describe('the service event stream', () => {
  it('relays known events onto the hub and drops unknown ones', async () => {
    let auth: string | undefined;
    const url = await serve((req, res) => {
      auth = req.headers.authorization;
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(': ping\n\nevent: bogus.event\ndata: {}\n\n');
      res.write('event: cases.changed\r\ndata: {"ids":["c1"]}\r\n\r\n');
    });
    const hub = createEventHub();
    const received: unknown[] = [];
    const relayed = new Promise<void>((resolve) =>
      hub.subscribe((name, payload) => {
        received.push([name, payload]);
        resolve();
      }),
    );
    const events = connectServiceEvents({
      url,
      hub,
      accessToken: async () => 'tok-2',
      onUnauthorized: () => undefined,
      log: createMemoryLogger('t'),
    });
    await relayed;
    events.close();
    expect(auth).toBe('Bearer tok-2');
    expect(received).toEqual([['cases.changed', { ids: ['c1'] }]]);
  });
});
