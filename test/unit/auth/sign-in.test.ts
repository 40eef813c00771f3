import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthService,
  type AuthServiceOptions,
  createAuthService,
} from '../../../main/auth/auth-service';
import { AuthError, type AuthErrorCode } from '../../../main/auth/errors';
import { SIGNED_IN_PAGE } from '../../../main/auth/loopback';
import { createMemorySecretStore } from '../../../main/auth/secret-store';
import { SESSION_TOKENS_SECRET, type TokenSet } from '../../../main/auth/tokens';
import { type IdentityProvider, startIdentityProvider } from '../../../platform/oidc/identity-provider';
import { type Page, TestBrowser } from '../../support/oidc-browser';

let idp: IdentityProvider;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'antragsdesk-auth-'));
  idp = await startIdentityProvider({ dataDir });
});

afterAll(async () => {
  await idp?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A clock the test moves by hand. */
function manualClock(start = Date.now()) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/**
 * An auth service whose "system browser" is a TestBrowser signing in as `username`. The last browser run
 * is kept so a test can look at the page it ended on.
 */
function signInAs(
  username: string,
  overrides: Partial<AuthServiceOptions> & { password?: string; browser?: TestBrowser } = {},
) {
  const { password = 'demo', browser = new TestBrowser(), ...rest } = overrides;
  const run: { urls: string[]; page?: Promise<Page> } = { urls: [] };
  const service = createAuthService({
    identityProvider: { issuer: idp.issuer, clientId: 'antragsdesk', idleMinutes: 15 },
    allowInsecureRequests: true,
    openBrowser: (url) => {
      run.urls.push(url);
      run.page = browser.signIn(url, username, password);
    },
    ...rest,
  });
  return { service, run, browser };
}

async function expectCode(promise: Promise<unknown>, code: AuthErrorCode): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthError);
  expect((error as AuthError).code).toBe(code);
  return error as AuthError;
}

async function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createServer().listen(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    socket.on('error', () => resolve(false));
  });
}

describe('sign-in with OpenID Connect against the real provider', () => {
  it('signs in with PKCE through the loopback redirect and yields department and roles', async () => {
    const { service, run } = signInAs('anna.schmidt');
    const principal = await service.signIn();

    expect(principal).toEqual({
      userId: 'anna.schmidt',
      displayName: 'Anna Schmidt',
      department: 'buergerservice',
      roles: ['Sachbearbeitung'],
    });
    expect(service.state()).toEqual({ status: 'signed-in', principal });
    const request = new URL(run.urls[0] ?? '');
    expect(request.origin).toBe(idp.url);
    expect(request.searchParams.get('code_challenge_method')).toBe('S256');
    expect(request.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(request.searchParams.get('prompt')).toBe('login');
    const redirect = new URL(request.searchParams.get('redirect_uri') ?? '');
    expect(redirect.hostname).toBe('127.0.0.1');
    expect(redirect.pathname).toBe('/callback');

    const page = await run.page;
    expect(page?.url.startsWith(redirect.origin)).toBe(true);
    expect(page?.html).toBe(SIGNED_IN_PAGE);
    expect(page?.html).toContain('Anmeldung abgeschlossen – Sie können dieses Fenster schließen.');
    // One use only: the listener is gone.
    expect(await portIsClosed(Number(redirect.port))).toBe(true);

    const userinfo = await fetch(`${idp.url}/me`, {
      headers: { authorization: `Bearer ${await service.accessToken()}` },
    });
    expect(userinfo.status).toBe(200);
  });

  it('gives users of different departments their own department and role', async () => {
    const anna = await signInAs('anna.schmidt').service.signIn();
    const lea = await signInAs('lea.wagner').service.signIn();
    const tom = await signInAs('tom.becker').service.signIn();
    const admin = await signInAs('admin').service.signIn();

    expect([anna.department, anna.roles]).toEqual(['buergerservice', ['Sachbearbeitung']]);
    expect([lea.department, lea.roles]).toEqual(['ordnungsamt', ['Sachbearbeitung']]);
    expect([tom.department, tom.roles]).toEqual(['buergerservice', ['Teamleitung']]);
    expect(admin.roles).toEqual(['Administration']);
  });

  it('renews the access token with the refresh token shortly before it expires', async () => {
    const clock = manualClock();
    const { service } = signInAs('tom.becker', { clock: clock.now });
    await service.signIn();
    const first = await service.accessToken();
    expect(await service.accessToken()).toBe(first);

    // The provider issues tokens for 600 s; inside the last minute the service renews.
    clock.advance(550_000);
    const second = await service.accessToken();
    expect(second).not.toBe(first);
    const userinfo = await fetch(`${idp.url}/me`, { headers: { authorization: `Bearer ${second}` } });
    expect(((await userinfo.json()) as { sub: string }).sub).toBe('tom.becker');
    expect(service.principal().roles).toEqual(['Teamleitung']);
  });

  it('signs out: clears the tokens, revokes the refresh token and opens the end-session page', async () => {
    const secrets = createMemorySecretStore();
    const { service, run } = signInAs('anna.schmidt', { secretStore: secrets });
    await service.signIn();
    const stored = JSON.parse((await secrets.get(SESSION_TOKENS_SECRET)) ?? 'null') as TokenSet;
    expect(stored.refreshToken).toBeTypeOf('string');

    const result = await service.signOut();

    expect(result).toEqual({ revoked: true, endSessionOpened: true });
    expect(service.state()).toEqual({ status: 'signed-out' });
    expect(secrets.names()).toEqual([]);
    await expectCode(service.accessToken(), 'not-signed-in');
    expect(() => service.principal()).toThrow(AuthError);
    const endSession = new URL(run.urls.at(-1) ?? '');
    expect(endSession.pathname).toBe('/session/end');
    expect(endSession.searchParams.get('id_token_hint')).toBe(stored.idToken);

    const config = await oidc.discovery(new URL(idp.issuer), 'antragsdesk', undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    await expect(oidc.refreshTokenGrant(config, stored.refreshToken ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('ends the provider session at end-session, so the next sign-in asks for the password again', async () => {
    const browser = new TestBrowser();
    const sso = {
      browser,
      identityProvider: { issuer: idp.issuer, clientId: 'antragsdesk', idleMinutes: 15, forceLogin: false },
    };
    const passwordsEntered = () => browser.visited.filter((url) => url.endsWith('/login')).length;

    await signInAs('lea.wagner', sso).service.signIn();
    expect(passwordsEntered()).toBe(1);

    // The provider's browser session exists: without forceLogin the next sign-in needs no password.
    const second = signInAs('lea.wagner', sso);
    await second.service.signIn();
    expect(passwordsEntered()).toBe(1);
    expect((await second.run.page)?.html).toBe(SIGNED_IN_PAGE);

    await second.service.signOut();
    const confirm = (await second.run.page) as Page;
    expect(confirm.html).toContain('Möchten Sie sich abmelden?');
    const done = await browser.submit(confirm, { logout: 'yes' });
    expect(done.html).toContain('Sie sind abgemeldet.');

    await signInAs('lea.wagner', sso).service.signIn();
    expect(passwordsEntered()).toBe(2);
  });
});

describe('sign-in failures give coded errors', () => {
  it('a wrong password shows a German message; the third wrong one denies the sign-in', async () => {
    const browser = new TestBrowser();
    let formPage: Promise<Page> | undefined;
    const service = createAuthService({
      identityProvider: { issuer: idp.issuer, clientId: 'antragsdesk', idleMinutes: 15 },
      allowInsecureRequests: true,
      openBrowser: (url) => {
        formPage = browser.open(url);
      },
    });
    const signingIn = service.signIn();
    const pending = expectCode(signingIn, 'login-denied');
    await expect.poll(() => formPage).toBeDefined();
    const form = (await formPage) as Page;

    const firstTry = await browser.submit(form, { username: 'anna.schmidt', password: 'falsch' });
    expect(firstTry.status).toBe(401);
    expect(firstTry.html).toContain('Benutzername oder Passwort ist falsch.');
    const secondTry = await browser.submit(firstTry, { username: 'anna.schmidt', password: 'auch falsch' });
    const thirdTry = await browser.submit(secondTry, { username: 'anna.schmidt', password: 'wieder falsch' });

    const error = await pending;
    expect(error.oauthError).toBe('access_denied');
    expect(error.message).not.toContain('anna');
    expect(thirdTry.html).toContain('Die Anmeldung wurde nicht abgeschlossen.');
    expect(service.state()).toEqual({ status: 'signed-out' });
  });

  it('"Abbrechen" at the provider denies the sign-in', async () => {
    const browser = new TestBrowser();
    const service = createAuthService({
      identityProvider: { issuer: idp.issuer, clientId: 'antragsdesk', idleMinutes: 15 },
      allowInsecureRequests: true,
      openBrowser: async (url) => {
        const form = await browser.open(url);
        void browser.submit(form, {}, 'abort');
      },
    });
    await expectCode(service.signIn(), 'login-denied');
  });

  it('an unreachable identity provider', async () => {
    const closed = await startIdentityProvider({ dataDir });
    await closed.close();
    const { service, run } = signInAs('anna.schmidt', {
      identityProvider: { issuer: closed.issuer, clientId: 'antragsdesk', idleMinutes: 15 },
    });
    await expectCode(service.signIn(), 'idp-unreachable');
    expect(run.urls).toEqual([]);
  });

  it('a provider that names a different issuer', async () => {
    const impostor = await startIdentityProvider({ dataDir, issuer: 'https://login.stadt.example' });
    try {
      const { service, run } = signInAs('anna.schmidt', {
        identityProvider: { issuer: impostor.url, clientId: 'antragsdesk', idleMinutes: 15 },
      });
      await expectCode(service.signIn(), 'issuer-mismatch');
      expect(run.urls).toEqual([]);
    } finally {
      await impostor.close();
    }
  });

  it('an http issuer without the demo switch', async () => {
    const { service } = signInAs('anna.schmidt', { allowInsecureRequests: false });
    await expectCode(service.signIn(), 'insecure-issuer');
    const remote = signInAs('anna.schmidt', {
      identityProvider: { issuer: 'http://login.stadt.example', clientId: 'antragsdesk', idleMinutes: 15 },
    });
    await expectCode(remote.service.signIn(), 'insecure-issuer');
  });

  it('an answer with a foreign state', async () => {
    const service = createAuthService({
      identityProvider: { issuer: idp.issuer, clientId: 'antragsdesk', idleMinutes: 15 },
      allowInsecureRequests: true,
      openBrowser: async (url) => {
        const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
        const forged = await fetch(`${redirect}?code=stolen&state=forged`);
        expect(forged.status).toBe(400);
      },
    });
    await expectCode(service.signIn(), 'state-mismatch');
  });

  it('an account of a department this installation does not serve', async () => {
    const { service } = signInAs('anna.schmidt', { allowedDepartments: ['ordnungsamt'] });
    const error = await expectCode(service.signIn(), 'department-not-allowed');
    expect(error.userId).toBe('anna.schmidt');
    expect(service.state().status).toBe('signed-out');
  });

  it('a browser that never comes back times out; an abort cancels', async () => {
    const idle = createAuthService({
      identityProvider: { issuer: idp.issuer, clientId: 'antragsdesk', idleMinutes: 15 },
      allowInsecureRequests: true,
      callbackTimeoutMs: 100,
      openBrowser: () => undefined,
    });
    await expectCode(idle.signIn(), 'login-timeout');

    const controller = new AbortController();
    const cancelled = createAuthService({
      identityProvider: { issuer: idp.issuer, clientId: 'antragsdesk', idleMinutes: 15 },
      allowInsecureRequests: true,
      openBrowser: () => controller.abort(),
    });
    await expectCode(cancelled.signIn({ signal: controller.signal }), 'login-cancelled');
  });

  it('a browser that cannot be opened', async () => {
    const service = createAuthService({
      identityProvider: { issuer: idp.issuer, clientId: 'antragsdesk', idleMinutes: 15 },
      allowInsecureRequests: true,
      openBrowser: () => Promise.reject(new Error('no browser')),
    });
    await expectCode(service.signIn(), 'browser-unavailable');
  });
});

describe('claims from another provider layout', () => {
  let custom: IdentityProvider;

  beforeAll(async () => {
    custom = await startIdentityProvider({
      dataDir,
      users: [
        {
          username: 'k.mueller',
          password: 'geheim',
          claims: {
            name: 'K. Müller',
            'https://stadt.example/claims/ou': 'steueramt',
            groups: ['GG-AD-Leitung'],
          },
        },
        {
          username: 'ohne.rolle',
          password: 'geheim',
          claims: { name: 'Ohne Rolle', department: 'steueramt' },
        },
      ],
    });
  });

  afterAll(async () => {
    await custom?.close();
  });

  it('reads configured claim names and maps the provider group to a role', async () => {
    const { service } = signInAs('k.mueller', {
      password: 'geheim',
      identityProvider: {
        issuer: custom.issuer,
        clientId: 'antragsdesk',
        idleMinutes: 15,
        claimNames: { department: 'https://stadt.example/claims/ou', roles: 'groups' },
        roleMap: { 'GG-AD-Leitung': 'Teamleitung' },
      },
    });
    expect(await service.signIn()).toEqual({
      userId: 'k.mueller',
      displayName: 'K. Müller',
      department: 'steueramt',
      roles: ['Teamleitung'],
    });
  });

  it('refuses an account without an Antragsdesk role', async () => {
    const { service } = signInAs('ohne.rolle', {
      password: 'geheim',
      identityProvider: { issuer: custom.issuer, clientId: 'antragsdesk', idleMinutes: 15 },
    });
    const error = await expectCode(service.signIn(), 'missing-role');
    expect(error.userId).toBe('ohne.rolle');
  });
});

describe('idle lock', () => {
  it("is judged whenever asked, with the minutes of the signed-in person's department", async () => {
    const clock = manualClock();
    const { service } = signInAs('lea.wagner', {
      clock: clock.now,
      idleMinutesOf: (principal) => (principal.department === 'ordnungsamt' ? 10 : 15),
    });
    await service.signIn();
    clock.advance(10 * 60_000 - 1);
    expect(service.principal().userId).toBe('lea.wagner');
    clock.advance(1);
    // No timer tick in between: a keystroke now does not reopen it, and the next call finds it locked.
    service.activity();
    expect(() => service.principal()).toThrow(/locked/);
    expect(service.state()).toMatchObject({ status: 'locked', principal: { userId: 'lea.wagner' } });
  });

  it('locks after the configured idle minutes; only the same user unlocks with a new sign-in', async () => {
    const clock = manualClock();
    let nextUser = 'anna.schmidt';
    const pages: Promise<Page>[] = [];
    const sharedBrowser = new TestBrowser();
    const service: AuthService = createAuthService({
      identityProvider: { issuer: idp.issuer, clientId: 'antragsdesk', idleMinutes: 15, forceLogin: false },
      allowInsecureRequests: true,
      clock: clock.now,
      // One browser for all: the provider session stays, yet unlocking must ask for the password.
      openBrowser: (url) => void pages.push(sharedBrowser.signIn(url, nextUser, 'demo')),
    });
    await service.signIn();

    clock.advance(14 * 60_000);
    expect(service.tick().status).toBe('signed-in');
    service.activity();
    clock.advance(14 * 60_000);
    expect(service.tick().status).toBe('signed-in');
    clock.advance(60_000);
    expect(service.tick()).toMatchObject({ status: 'locked', principal: { userId: 'anna.schmidt' } });

    await expectCode(service.accessToken(), 'session-locked');
    expect(() => service.principal()).toThrow(/locked/);
    service.activity();
    expect(service.state().status).toBe('locked');
    await expectCode(service.signIn(), 'session-locked');

    nextUser = 'tom.becker';
    const visitedBefore = sharedBrowser.visited.length;
    await expectCode(service.unlock(), 'different-user');
    expect(service.state().status).toBe('locked');
    expect(sharedBrowser.visited.slice(visitedBefore).some((url) => url.endsWith('/login'))).toBe(true);

    nextUser = 'anna.schmidt';
    const principal = await service.unlock();
    expect(principal.userId).toBe('anna.schmidt');
    expect(service.state().status).toBe('signed-in');
    expect(await service.accessToken()).toBeTypeOf('string');
    clock.advance(14 * 60_000);
    expect(service.tick().status).toBe('signed-in');
    // Every browser run ended on a page (none failed unnoticed).
    expect((await Promise.all(pages)).length).toBe(3);
  });
});
