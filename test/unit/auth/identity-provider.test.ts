import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityProvider, startIdentityProvider } from '../../../platform/oidc/identity-provider';

let dataDir: string;
let idp: IdentityProvider;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'antragsdesk-idp-'));
  idp = await startIdentityProvider({ dataDir });
});

afterAll(async () => {
  await idp?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const json = async (url: string) => (await fetch(url)).json() as Promise<Record<string, unknown>>;

describe('the local identity provider', () => {
  it('listens on 127.0.0.1 and announces PKCE S256, refresh tokens, the department claims and end-session', async () => {
    expect(idp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const metadata = await json(`${idp.url}/.well-known/openid-configuration`);
    expect(metadata.issuer).toBe(idp.issuer);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.grant_types_supported).toContain('refresh_token');
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(['department', 'roles', 'name']));
    expect(metadata.end_session_endpoint).toBe(`${idp.url}/session/end`);
    expect(metadata.revocation_endpoint).toBeTypeOf('string');
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(`${idp.url}/auth`);
    url.search = new URLSearchParams({
      client_id: 'antragsdesk',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'http://127.0.0.1:5000/callback',
      state: 'abc',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin).toBe('http://127.0.0.1:5000');
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('shows a German login form without external resources', async () => {
    const url = new URL(`${idp.url}/auth`);
    url.search = new URLSearchParams({
      client_id: 'antragsdesk',
      response_type: 'code',
      scope: 'openid profile',
      redirect_uri: 'http://127.0.0.1:5001/callback',
      state: 'abc',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const redirect = await fetch(url, { redirect: 'manual' });
    const cookies = redirect.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
    const page = await fetch(new URL(redirect.headers.get('location') ?? '', idp.url), {
      headers: { cookie: cookies },
    });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Anmeldung bei Antragsdesk');
    expect(html).toContain('Passwort');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('keeps its signing key in the data directory across restarts', async () => {
    const before = await json(`${idp.url}/jwks`);
    const again = await startIdentityProvider({ dataDir });
    try {
      expect(await json(`${again.url}/jwks`)).toEqual(before);
      expect((before.keys as { kty: string; alg: string }[])[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    } finally {
      await again.close();
    }
  });
});
