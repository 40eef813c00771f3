/**
 * Signing in browsers (terminal servers, thin clients) as a backend for frontend: the service runs the
 * authorization-code flow with PKCE (S256, state, nonce) against the identity provider, asks for an access
 * token for its own audience (a resource indicator), and keeps the tokens out of the page's reach. They
 * travel in an HttpOnly, Secure, SameSite=Strict cookie, sealed (AES-256-GCM) with a key derived from the
 * master key, so every instance can read a session any instance began and none keeps state of its own. The
 * renderer never sees a token; a script injected into the page could call the API while the page is open,
 * but could not carry the session away.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  type Configuration,
  calculatePKCECodeChallenge,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
  refreshTokenGrant,
  tokenRevocation,
} from 'openid-client';
import { discoverProvider } from '../auth/oidc';
import type { Logger } from '../log/logger';
import type { IdentityProviderSettings } from './service';

const SESSION_COOKIE = '__Host-antragsdesk-session';
const LOGIN_COOKIE = '__Host-antragsdesk-login';
/** The provider's answer to a sign-in must come within this time. */
const LOGIN_SECONDS = 10 * 60;
/** A browser session ends after a working day whatever its tokens say. */
const SESSION_SECONDS = 10 * 3600;
/** Renew the access token this long before it expires. */
const REFRESH_MARGIN_MS = 30_000;
export const BROWSER_SCOPE = 'openid profile antragsdesk';

interface SessionContent {
  /** Access token, refresh token, id token (for the end-session page), access token expiry, session end. */
  a: string;
  r?: string;
  i?: string;
  e: number;
  u: number;
}

interface LoginContent {
  v: string;
  s: string;
  n: string;
  u: number;
}

export interface BrowserSession {
  accessToken: string;
  /** Set-Cookie headers the answer must carry (a renewed session). */
  cookies: string[];
  /** Ends the session: the cookie is cleared with the answer, the refresh token revoked. */
  end(): string[];
}

export interface BrowserSessions {
  /** `GET /auth/login`: starts a sign-in at the identity provider. */
  login(res: ServerResponse): Promise<void>;
  /** `GET /auth/callback`: redeems the provider's answer and begins the session. */
  callback(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Whether the request carries a session cookie that is still within its lifetime (no provider call). */
  hasSession(req: IncomingMessage): boolean;
  /** The request's session with a valid access token (renewed if needed), or null. */
  session(req: IncomingMessage): Promise<BrowserSession | null>;
}

export function browserSessions(options: {
  identityProvider: IdentityProviderSettings;
  masterKey: Uint8Array;
  publicUrl: () => string;
  log: Logger;
  now: () => Date;
}): BrowserSessions {
  const key = Buffer.from(
    hkdfSync('sha256', options.masterKey, Buffer.alloc(0), 'antragsdesk browser sessions', 32),
  );
  const { identityProvider: settings, log } = options;
  let provider: Promise<Configuration> | undefined;
  const config = () => {
    provider ??= discoverProvider(settings, {
      allowInsecureRequests: settings.allowInsecureRequests === true,
      timeoutSeconds: 15,
    }).catch((error: unknown) => {
      provider = undefined;
      throw error;
    });
    return provider;
  };
  const nowMs = () => options.now().getTime();
  const redirectUri = () => `${options.publicUrl()}/auth/callback`;
  const seal = (content: object) => sealed(key, content);
  const open = <T>(value: string | undefined) => (value === undefined ? null : unsealed<T>(key, value));
  /** Renewals under way, so that parallel calls of one page renew a rotating refresh token once. */
  const renewing = new Map<string, Promise<SessionContent | null>>();

  const renew = async (content: SessionContent): Promise<SessionContent | null> => {
    if (content.r === undefined) return null;
    const response = await refreshTokenGrant(await config(), content.r).catch(() => null);
    if (response === null) return null;
    return {
      a: response.access_token,
      r: response.refresh_token ?? content.r,
      ...(content.i && { i: content.i }),
      e: nowMs() + (response.expiresIn() ?? 300) * 1000,
      u: content.u,
    };
  };

  return {
    async login(res) {
      const verifier = randomPKCECodeVerifier();
      const login: LoginContent = {
        v: verifier,
        s: randomState(),
        n: randomNonce(),
        u: nowMs() + LOGIN_SECONDS * 1000,
      };
      const url = buildAuthorizationUrl(await config(), {
        redirect_uri: redirectUri(),
        scope: BROWSER_SCOPE,
        resource: settings.audience,
        code_challenge: await calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: login.s,
        nonce: login.n,
        // The password at every sign-in, as at a workstation: terminal servers are shared like desks.
        prompt: 'login',
      });
      res.writeHead(303, {
        Location: url.href,
        // Lax: the provider's answer is a navigation from its site, which a Strict cookie would not reach.
        'Set-Cookie': cookie(LOGIN_COOKIE, seal(login), { maxAge: LOGIN_SECONDS, sameSite: 'Lax' }),
        'Cache-Control': 'no-store',
      });
      res.end();
    },

    async callback(req, res) {
      const login = open<LoginContent>(cookiesOf(req).get(LOGIN_COOKIE));
      const clearLogin = cookie(LOGIN_COOKIE, '', { maxAge: 0, sameSite: 'Lax' });
      if (login === null || login.u < nowMs()) {
        return void page(res, 400, [clearLogin], 'Die Anmeldung ist abgelaufen.', '/auth/login');
      }
      const current = new URL(req.url ?? '/', options.publicUrl());
      try {
        const response = await authorizationCodeGrant(await config(), current, {
          pkceCodeVerifier: login.v,
          expectedState: login.s,
          expectedNonce: login.n,
        });
        const content: SessionContent = {
          a: response.access_token,
          ...(response.refresh_token && { r: response.refresh_token }),
          ...(response.id_token && { i: response.id_token }),
          e: nowMs() + (response.expiresIn() ?? 300) * 1000,
          u: nowMs() + SESSION_SECONDS * 1000,
        };
        const sessionCookie = cookie(SESSION_COOKIE, seal(content), { sameSite: 'Strict' });
        // A page, not a redirect: the way back to the app must start on the app's own site, or the
        // browser would not send the Strict cookie with it.
        page(res, 200, [clearLogin, sessionCookie], 'Angemeldet.', '/');
      } catch (error) {
        log.warn('session.sign-in-failed', { error: (error as Error).name });
        page(res, 400, [clearLogin], 'Die Anmeldung ist fehlgeschlagen.', '/auth/login');
      }
    },

    hasSession(req) {
      const content = open<SessionContent>(cookiesOf(req).get(SESSION_COOKIE));
      return content !== null && content.u > nowMs();
    },

    async session(req) {
      const content = open<SessionContent>(cookiesOf(req).get(SESSION_COOKIE));
      if (content === null || content.u <= nowMs()) return null;
      let current = content;
      const cookies: string[] = [];
      if (current.e - REFRESH_MARGIN_MS <= nowMs()) {
        const refreshToken = current.r ?? '';
        let pending = renewing.get(refreshToken);
        if (pending === undefined) {
          pending = renew(current).finally(() => renewing.delete(refreshToken));
          renewing.set(refreshToken, pending);
        }
        const renewed = await pending;
        if (renewed === null) return null;
        current = renewed;
        cookies.push(cookie(SESSION_COOKIE, seal(current), { sameSite: 'Strict' }));
      }
      const ended = current;
      return {
        accessToken: current.a,
        cookies,
        end: () => {
          // Best effort: the cookie is cleared whatever the provider says.
          if (ended.r !== undefined) {
            const refreshToken = ended.r;
            void config()
              .then((c) => tokenRevocation(c, refreshToken))
              .catch(() => log.warn('session.revocation-failed'));
          }
          return [cookie(SESSION_COOKIE, '', { maxAge: 0, sameSite: 'Strict' })];
        },
      };
    },
  };
}

function cookie(
  name: string,
  value: string,
  options: { maxAge?: number; sameSite: 'Strict' | 'Lax' },
): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    'Secure',
    `SameSite=${options.sameSite}`,
    ...(options.maxAge === undefined ? [] : [`Max-Age=${options.maxAge}`]),
  ].join('; ');
}

function cookiesOf(req: IncomingMessage): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const split = part.indexOf('=');
    if (split > 0) found.set(part.slice(0, split).trim(), part.slice(split + 1).trim());
  }
  return found;
}

function sealed(key: Buffer, content: object): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function unsealed<T>(key: Buffer, value: string): T | null {
  try {
    const bytes = Buffer.from(value, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** A small page that moves on by itself (no script: the CSP allows none inline). */
function page(res: ServerResponse, status: number, cookies: string[], text: string, next: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Set-Cookie': cookies,
    'Content-Security-Policy': "default-src 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(
    `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${next}"><title>Antragsdesk</title></head><body><p>${text} <a href="${next}">Weiter</a></p></body></html>`,
  );
}
