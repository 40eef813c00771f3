/**
 * The workstation in department mode, with the real local identity provider: the person signs in as today
 * and gets an access token for the service's audience; case calls go to the service with it, the
 * workstation's own calls stay here, the service's events reach the hub, a service that is gone is a clear
 * refusal with nothing done, and a token the service refuses (401) signs the person out. The service here is
 * a small HTTP server that records what reaches it and answers as told (the real one runs in
 * test/e2e/department-desk.e2e.test.ts).
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../main/api/contract';
import {
  DEMO_API_AUDIENCE,
  type IdentityProvider,
  startIdentityProvider,
} from '../../../platform/oidc/identity-provider';
import de from '../../../renderer/src/i18n/de.json' with { type: 'json' };
import { createTestApp, type TestApp } from '../../support/app';
import { TestBrowser } from '../../support/oidc-browser';

interface Seen {
  path: string;
  authorization: string | undefined;
}

let provider: IdentityProvider;
let service: Server;
let serviceUrl: string;
let desk: TestApp;
const seen: Seen[] = [];
let answer: (res: ServerResponse) => void = (res) =>
  json(res, 200, { ok: true, value: { rows: [], total: 0 } });
const streams: ServerResponse[] = [];
const emitted: { name: EventName; payload: unknown }[] = [];

const json = (res: ServerResponse, status: number, value: unknown) =>
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
const ctx = { transport: 'http' } as const;

beforeAll(async () => {
  provider = await startIdentityProvider({ apiAudience: DEMO_API_AUDIENCE });
  service = createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    req.resume();
    if (req.url === '/api/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(': open\n\n');
      streams.push(res);
      return;
    }
    req.on('end', () => answer(res));
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;

  const browser = new TestBrowser();
  desk = await createTestApp({
    openBrowser: async (url) => {
      await browser.signIn(url, 'anna.schmidt', 'demo');
    },
  });
  const profileFile = join(desk.dir, 'arbeitsplatz.json');
  writeFileSync(
    profileFile,
    JSON.stringify({
      format: 'antragsdesk.department-profile/1',
      demo: true,
      department: { id: 'buergerservice', name: 'Bürgerservice' },
      identityProvider: {
        issuer: provider.issuer,
        clientId: 'antragsdesk',
        scope: 'openid profile antragsdesk',
        claimNames: { department: 'department', roles: 'roles', displayName: 'name' },
        idleMinutes: 15,
      },
      departmentService: { url: serviceUrl, audience: DEMO_API_AUDIENCE },
    }),
    { mode: 0o600 },
  );
  // As IT rolls it out: picked up from the managed path.
  await desk.app.workstation.importProfile(profileFile);
  desk.app.events.subscribe((name, payload) => void emitted.push({ name, payload }));
}, 60_000);

afterAll(async () => {
  for (const stream of streams) stream.end();
  service?.closeAllConnections();
  await new Promise((resolve) => service?.close(resolve));
  await desk?.close();
  await provider?.close();
});

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('the workstation in department mode', () => {
  it('signs in as today, with an access token for the service’s audience, and sends the case calls there', async () => {
    const signedIn = await desk.app.dispatch('session.signIn', {}, ctx);
    expect(signedIn).toMatchObject({ ok: true, value: { status: 'signed-in' } });
    const listed = await desk.app.dispatch('cases.list', { limit: 5 }, ctx);
    expect(listed).toEqual({ ok: true, value: { rows: [], total: 0 } });
    const call = seen.find((request) => request.path === '/api/call/cases.list');
    const token = call?.authorization?.replace(/^Bearer /, '') ?? expect.fail('no call reached the service');
    expect(decodeJwt(token)).toMatchObject({ aud: DEMO_API_AUDIENCE, iss: provider.issuer });
    // The workstation's own settings are answered here; nothing about them reaches the service.
    expect(await desk.app.dispatch('settings.get', {}, ctx)).toMatchObject({ ok: true });
    expect(seen.some((request) => request.path.includes('settings'))).toBe(false);
    // The local vault has no case of the department: the service holds them.
    expect(desk.app.vault.cases.services('buergerservice')).toEqual([]);
  });

  it('relays the service’s events onto the workstation’s hub', async () => {
    await until(() => streams.length > 0);
    for (const stream of streams) stream.write('event: cases.changed\ndata: {"ids":["case-1"]}\n\n');
    await until(() => emitted.some((event) => event.name === 'cases.changed'));
    expect(emitted.find((event) => event.name === 'cases.changed')?.payload).toEqual({ ids: ['case-1'] });
  });

  it('refuses an action with a clear German message when the service is gone, and does nothing here', async () => {
    answer = (res) => res.socket?.destroy();
    // A case not held offline on this workstation (the replica's own are queued: department-replica.test.ts).
    const caseId = '6f1c2a34-8e1b-4c55-9a2d-0b7e3f4a5c61';
    const refused = await desk.app.dispatch('cases.addNote', { id: caseId, text: 'Rückruf vereinbart' }, ctx);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'unavailable', reason: 'case-not-replicated' },
    });
    expect(de.errors.reasons['case-not-replicated']).toMatch(/nicht offline verfügbar.*nicht gespeichert/);
    // Nothing half done: no note was kept here either, nothing queued.
    expect(desk.app.vault.cases.notes(caseId)).toEqual([]);
    expect(desk.app.vault.replica.queued()).toEqual([]);
    expect(desk.app.workstation.state().status).toBe('signed-in');
  });

  it('signs the person out when the service refuses the token (401)', async () => {
    answer = (res) =>
      json(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Not signed in.' } });
    const refused = await desk.app.dispatch('cases.list', {}, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await until(() =>
      emitted.some(
        (event) =>
          event.name === 'session.changed' && (event.payload as { status: string }).status === 'signed-out',
      ),
    );
    expect(desk.app.workstation.state().status).toBe('signed-out');
  });
});
