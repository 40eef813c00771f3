/**
 * The department service's API: every call carries the person's access token from the real identity
 * provider (or the browser session that holds it); expired, foreign-issuer and wrong-audience tokens are
 * refused with the envelope; a case of another department does not exist for the caller; the contract's
 * calls answer as in browser mode; events reach the clients of the case's department on every instance.
 */
import { request as httpsRequest } from 'node:https';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../main/postgres';
import type { DepartmentService } from '../../../main/server/service';
import { type IdentityProvider, startIdentityProvider } from '../../../platform/oidc/identity-provider';
import {
  accessToken,
  browserSignIn,
  call,
  type ServiceTestBed,
  startServiceTestBed,
} from '../../support/department-service';
import { postgresPerFile } from '../../support/postgres';
import { sampleIntake } from '../../support/vault-fixtures';
import { createAuthority, issue } from '../handover/tls-pki';

const postgres = postgresPerFile();
let bed: ServiceTestBed;
let first: DepartmentService;
let second: DepartmentService;
const others: IdentityProvider[] = [];

beforeAll(async () => {
  bed = await startServiceTestBed(await postgres().database());
  first = await bed.start();
  second = await bed.start();
}, 240_000);

afterAll(async () => {
  for (const provider of others) await provider.close();
  await bed?.close();
  await bed?.database.drop();
});

const storeOf = (department: string) =>
  openPostgresStore({ pool: bed.database.pool, department, masterKey: bed.masterKey });

/** A client's event stream, read frame by frame. */
async function eventStream(service: DepartmentService, token: string) {
  const abort = new AbortController();
  const response = await fetch(`${service.url}/api/events`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<{ name: string; payload: unknown }> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.+)$/m.exec(frame)?.[1];
        const data = /^data: (.+)$/m.exec(frame)?.[1];
        if (name !== undefined && data !== undefined) return { name, payload: JSON.parse(data) };
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  /** The next `cases.changed`, with every `cases.changed` that came before it. */
  const casesChanged = async (containing: string) => {
    const seen: string[][] = [];
    for (;;) {
      const event = await next();
      if (event.name !== 'cases.changed') continue;
      const { ids } = event.payload as { ids: string[] };
      seen.push(ids);
      if (ids.includes(containing)) return { payload: event.payload, seen };
    }
  };
  return { casesChanged, close: () => abort.abort() };
}

const claim = async (service: DepartmentService, token: string, id: string) => {
  const view = await call(service, 'cases.get', { id }, { token });
  const version = (view.body.value as { case: { version: number } }).case.version;
  const answer = await call(
    service,
    'cases.transition',
    { id, action: 'claim', expectedVersion: version },
    { token },
  );
  expect(answer).toMatchObject({ status: 200, body: { ok: true } });
};

describe('the department service: events from every instance', () => {
  it("tells each department's clients on every instance which of its cases changed, by id only", async () => {
    const ordnungsamt = await storeOf('ordnungsamt').cases.storeIntake(
      sampleIntake({ department: 'ordnungsamt' }),
    );
    const buergerservice = await storeOf('buergerservice').cases.storeIntake(
      sampleIntake({ department: 'buergerservice' }),
    );
    const lea = await accessToken(bed.demo.identityProvider.url, 'lea.wagner');
    const anna = await accessToken(bed.demo.identityProvider.url, 'anna.schmidt');
    // What travels through PostgreSQL, seen by a session of no department.
    const listener = new pg.Client({ connectionString: bed.database.adminUrl });
    await listener.connect();
    const notified: string[] = [];
    listener.on('notification', (message) => notified.push(message.payload ?? ''));
    await listener.query('LISTEN cases_changed');
    const leaEvents = await eventStream(second, lea);
    const annaEvents = await eventStream(second, anna);
    try {
      // Lea claims at the first instance; her stream at the second hears of it.
      await claim(first, lea, ordnungsamt.caseId);
      const heard = await leaEvents.casesChanged(ordnungsamt.caseId);
      expect(heard.payload).toEqual({ ids: [ordnungsamt.caseId] });
      // Then Anna claims one of hers: the first change her stream names is hers, never Lea's.
      await claim(first, anna, buergerservice.caseId);
      const annaHeard = await annaEvents.casesChanged(buergerservice.caseId);
      expect(annaHeard.seen.flat()).not.toContain(ordnungsamt.caseId);
      const payloads = notified.map((payload) => JSON.parse(payload) as Record<string, unknown>);
      expect(payloads).toContainEqual({
        kind: 'cases',
        department: 'ordnungsamt',
        ids: [ordnungsamt.caseId],
      });
      for (const payload of payloads)
        expect(Object.keys(payload).sort()).toEqual(['department', 'ids', 'kind']);
    } finally {
      leaEvents.close();
      annaEvents.close();
      await listener.end();
    }
  }, 120_000);
});

describe('the department service: a note is a change the team hears of', () => {
  it("tells a colleague's stream when a note is added to a case", async () => {
    const { caseId } = await storeOf('buergerservice').cases.storeIntake(
      sampleIntake({ department: 'buergerservice' }),
    );
    const anna = await accessToken(bed.demo.identityProvider.url, 'anna.schmidt');
    const tom = await accessToken(bed.demo.identityProvider.url, 'tom.becker');
    const tomEvents = await eventStream(second, tom);
    try {
      const answer = await call(
        first,
        'cases.addNote',
        { id: caseId, text: 'Rückruf vereinbart' },
        { token: anna },
      );
      expect(answer).toMatchObject({ status: 200, body: { ok: true } });
      expect((await tomEvents.casesChanged(caseId)).payload).toEqual({ ids: [caseId] });
    } finally {
      tomEvents.close();
    }
  }, 120_000);
});

describe('the department service: the contract over HTTP', () => {
  it("answers with browser mode's envelope and security headers, refuses an oversized body, sends pages to sign-in", async () => {
    const token = await accessToken(bed.demo.identityProvider.url, 'anna.schmidt');
    const invalid = await call(first, 'cases.get', { id: 42 }, { token });
    expect(invalid).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid-input' } } });
    const unknown = await call(first, 'no.such.call', {}, { token });
    expect(unknown).toMatchObject({ status: 404, body: { ok: false, error: { code: 'unknown-call' } } });
    const big = await fetch(`${first.url}/api/call/cases.list`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.status).toBe(400);
    expect(await big.json()).toMatchObject({
      ok: false,
      error: { message: 'The request body is too large.' },
    });
    for (const header of ['content-security-policy', 'x-content-type-options', 'referrer-policy']) {
      expect(big.headers.get(header)).toBeTruthy();
    }
    expect(big.headers.get('access-control-allow-origin')).toBeNull();
    // A page without a session goes to the sign-in; the app's scripts need none.
    const page = await fetch(`${first.url}/`, { redirect: 'manual' });
    expect([page.status, page.headers.get('location')]).toEqual([303, '/auth/login']);
    expect((await fetch(`${first.url}/assets/none.js`, { redirect: 'manual' })).status).toBe(404);
  }, 60_000);
});

describe('the department service over TLS', () => {
  it('serves the contract over HTTPS with its certificate, and tells browsers to keep to HTTPS', async () => {
    const authority = createAuthority('Antragsdesk Test CA');
    const tls = issue(authority, '127.0.0.1', 'server');
    const secure = await bed.start({ tls });
    expect(secure.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const token = await accessToken(bed.demo.identityProvider.url, 'lea.wagner');
    const answer = await new Promise<{ status: number; hsts: unknown; body: string }>((resolve, reject) => {
      const request = httpsRequest(
        `${secure.url}/api/call/session.current`,
        {
          method: 'POST',
          ca: authority.cert,
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => {
            body += chunk.toString('utf8');
          });
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              hsts: response.headers['strict-transport-security'],
              body,
            }),
          );
        },
      );
      request.on('error', reject);
      request.end('{}');
    });
    expect(answer.status).toBe(200);
    expect(answer.hsts).toBe('max-age=31536000');
    expect(JSON.parse(answer.body)).toMatchObject({
      ok: true,
      value: { principal: { userId: 'lea.wagner' } },
    });
  }, 60_000);
});

describe('the department service: who is calling', () => {
  it('answers a call with a valid access token for the person its claims name', async () => {
    const token = await accessToken(bed.demo.identityProvider.url, 'anna.schmidt');
    const answer = await call(first, 'session.current', {}, { token });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      ok: true,
      value: {
        status: 'signed-in',
        principal: { userId: 'anna.schmidt', department: 'buergerservice', roles: ['Sachbearbeitung'] },
      },
    });
    // The same token is good at every instance: nothing of the session lives in one of them.
    expect((await call(second, 'session.current', {}, { token })).status).toBe(200);
  }, 60_000);

  it('refuses a call without a token, with a malformed one, and with an expired one (401, envelope)', async () => {
    const token = await accessToken(bed.demo.identityProvider.url, 'anna.schmidt');
    const later = await bed.start({ now: () => new Date(Date.now() + 2 * 3600_000) });
    for (const auth of [{}, { token: 'not.a.token' }]) {
      const answer = await call(first, 'cases.list', {}, auth);
      expect(answer).toEqual({
        status: 401,
        body: { ok: false, error: expect.objectContaining({ code: 'unauthorized' }) },
      });
    }
    const expired = await call(later, 'session.current', {}, { token });
    expect(expired).toEqual({
      status: 401,
      body: { ok: false, error: expect.objectContaining({ code: 'unauthorized' }) },
    });
    expect(bed.logLines.join('\n')).not.toContain(token);
  }, 120_000);

  it('refuses a token of another provider (foreign issuer) and one for another audience', async () => {
    const foreign = await startIdentityProvider({ apiAudience: 'urn:antragsdesk:department-service' });
    // The demo provider's own keys and issuer name, but tokens for another API.
    const sameKeys = await startIdentityProvider({
      dataDir: bed.identityProviderDir,
      issuer: bed.demo.identityProvider.issuer,
      apiAudience: 'urn:example:another-api',
    });
    others.push(foreign, sameKeys);
    const foreignToken = await accessToken(foreign.url, 'anna.schmidt');
    const otherAudience = await accessToken(sameKeys.url, 'anna.schmidt', 'urn:example:another-api');
    for (const token of [foreignToken, otherAudience]) {
      const answer = await call(first, 'session.current', {}, { token });
      expect(answer).toEqual({
        status: 401,
        body: { ok: false, error: expect.objectContaining({ code: 'unauthorized' }) },
      });
    }
  }, 120_000);

  it('says a case of another department does not exist (not found, not forbidden)', async () => {
    const stored = await storeOf('ordnungsamt').cases.storeIntake(
      sampleIntake({ department: 'ordnungsamt' }),
    );
    const anna = await accessToken(bed.demo.identityProvider.url, 'anna.schmidt');
    const lea = await accessToken(bed.demo.identityProvider.url, 'lea.wagner');
    const refused = await call(first, 'cases.get', { id: stored.caseId }, { token: anna });
    expect(refused).toMatchObject({ status: 404, body: { ok: false, error: { code: 'not-found' } } });
    const unknown = await call(first, 'cases.get', { id: crypto.randomUUID() }, { token: anna });
    // Word for word the answer for a case that exists nowhere, but for the id it names.
    const withoutId = (body: typeof refused.body) => JSON.stringify(body).replaceAll(/[0-9a-f-]{36}/g, 'ID');
    expect(withoutId(unknown.body)).toBe(withoutId(refused.body));
    // It exists: its own department sees it.
    expect(await call(second, 'cases.get', { id: stored.caseId }, { token: lea })).toMatchObject({
      status: 200,
    });
  }, 120_000);

  it('signs a browser in with the authorization-code flow and keeps the tokens in a sealed HttpOnly cookie', async () => {
    const browser = await browserSignIn(first, 'tom.becker');
    const cookie = browser.cookieHeader();
    const answer = await call(second, 'session.current', {}, { cookie });
    expect(answer.body).toMatchObject({ ok: true, value: { principal: { userId: 'tom.becker' } } });
    // A page of another origin gets nothing, even with the cookie.
    const foreign = await fetch(`${first.url}/api/call/session.current`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: 'https://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    // Signing out clears the cookie; the sealed value is the only copy of the tokens.
    const out = await fetch(`${first.url}/api/call/session.signOut`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: '{}',
    });
    expect(out.headers.getSetCookie().join()).toMatch(/__Host-antragsdesk-session=;.*Max-Age=0/);
    // What the instances logged names nobody (ids and codes only) and holds no token or cookie.
    const logged = bed.logLines.join('\n');
    expect(logged).not.toMatch(/Anna Schmidt|Tom Becker|Lea Wagner|eyJ/);
    const sealed = /__Host-antragsdesk-session=([^;]+)/.exec(cookie)?.[1];
    expect(sealed).toBeDefined();
    expect(logged).not.toContain(sealed?.slice(0, 40));
  }, 120_000);
});
