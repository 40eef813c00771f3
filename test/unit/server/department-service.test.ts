/**
 * The department service's API: every call carries the person's access token from the real identity
 * provider (or the browser session that holds it); expired, foreign-issuer and wrong-audience tokens are
 * refused with the envelope; a case of another department does not exist for the caller; the contract's
 * calls answer as in browser mode; events reach the clients of the case's department on every instance.
 */
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
    expect(unknown.body).toEqual(refused.body);
    // It exists: its own department sees it.
    expect(await call(second, 'cases.get', { id: stored.caseId }, { token: lea })).toMatchObject({ status: 200 });
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
  }, 120_000);
});
