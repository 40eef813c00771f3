/**
 * One authorization-code flow with PKCE (S256) through the system browser and a loopback redirect
 * (RFC 8252): listen, open the browser at the provider, wait for the one answer, redeem the code.
 */
import {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  type Configuration,
  calculatePKCECodeChallenge,
  randomPKCECodeVerifier,
  randomState,
} from 'openid-client';
import { AuthError } from './errors';
import { listenForCallback } from './loopback';
import { type TokenResponse, toAuthError } from './oidc';

export type OpenBrowser = (url: string) => Promise<void> | void;

export interface AuthorizeOptions {
  openBrowser: OpenBrowser;
  scope: string;
  /** Demands a fresh password entry (`prompt=login`, `max_age=0`) and checks the provider honoured it. */
  reauthenticate: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The API the access token is for (RFC 8707 resource indicator): the department service's audience. */
  resource?: string;
}

export async function authorize(config: Configuration, options: AuthorizeOptions): Promise<TokenResponse> {
  const codeVerifier = randomPKCECodeVerifier();
  const state = randomState();
  const callback = await listenForCallback({
    expectedState: state,
    timeoutMs: options.timeoutMs,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const url = buildAuthorizationUrl(config, {
    redirect_uri: callback.redirectUri,
    scope: options.scope,
    code_challenge: await calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    ...(options.resource === undefined ? {} : { resource: options.resource }),
    ...(options.reauthenticate ? { prompt: 'login', max_age: '0' } : {}),
  });
  try {
    await options.openBrowser(url.href);
  } catch (cause) {
    callback.close();
    throw new AuthError('browser-unavailable', {}, { cause });
  }
  const answer = await callback.result;
  try {
    // openid-client takes the redirect_uri for the token request from the callback URL itself.
    return await authorizationCodeGrant(config, answer, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
      ...(options.reauthenticate ? { maxAge: 0 } : {}),
    });
  } catch (error) {
    throw toAuthError(error, 'token');
  }
}
