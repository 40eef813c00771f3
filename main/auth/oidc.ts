/**
 * The glue to openid-client: discovery (HTTPS only, except a loopback provider in demo and tests), tokens
 * and claims from a token response, and the mapping of the library's errors to coded auth errors.
 */
import {
  AuthorizationResponseError,
  allowInsecureRequests,
  ClientError,
  type Configuration,
  discovery,
  fetchUserInfo,
  None,
  ResponseBodyError,
  type TokenEndpointResponse,
  type TokenEndpointResponseHelpers,
  WWWAuthenticateChallengeError,
} from 'openid-client';
import type { ClaimMapping, Claims } from './claims';
import { AuthError, type AuthErrorCode } from './errors';
import type { TokenSet } from './tokens';

export interface IdentityProviderSettings extends ClaimMapping {
  /** The issuer identifier, e.g. `https://login.stadt.example/realms/verwaltung`. */
  issuer: string;
  clientId: string;
  /** Default `openid profile`. */
  scope?: string;
  /** Minutes without activity after which the session locks. */
  idleMinutes: number;
  /**
   * Ask for the password at every sign-in, even if the provider still has a browser session (default true:
   * workstations in a citizens' office are shared).
   */
  forceLogin?: boolean;
}

export const DEFAULT_SCOPE = 'openid profile';

export interface DiscoveryOptions {
  /** Allows an `http://` issuer on a loopback address: for the demo provider and tests only. */
  allowInsecureRequests?: boolean;
  timeoutSeconds: number;
}

export type TokenResponse = TokenEndpointResponse & TokenEndpointResponseHelpers;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function issuerUrl(issuer: string, allowInsecure: boolean): URL {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch (cause) {
    throw new AuthError('insecure-issuer', {}, { cause });
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(allowInsecure && loopbackHttp)) throw new AuthError('insecure-issuer');
  return url;
}

export async function discoverProvider(
  settings: Pick<IdentityProviderSettings, 'issuer' | 'clientId'>,
  options: DiscoveryOptions,
): Promise<Configuration> {
  const allowInsecure = options.allowInsecureRequests === true;
  const url = issuerUrl(settings.issuer, allowInsecure);
  try {
    return await discovery(url, settings.clientId, undefined, None(), {
      execute: allowInsecure ? [allowInsecureRequests] : [],
      timeout: options.timeoutSeconds,
    });
  } catch (error) {
    throw toAuthError(error, 'discovery');
  }
}

export type OidcStage = 'discovery' | 'token' | 'refresh';

const stageFallback: Record<OidcStage, AuthErrorCode> = {
  discovery: 'idp-invalid-response',
  token: 'token-exchange-failed',
  refresh: 'refresh-failed',
};

/** Only a well-formed OAuth error code is carried on: the provider's text is not ours to show. */
function oauthErrorCode(value: unknown): string | undefined {
  return typeof value === 'string' && /^[a-z_]{1,64}$/.test(value) ? value : undefined;
}

function isNetworkFailure(error: unknown): boolean {
  return (
    error instanceof TypeError ||
    (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  );
}

export function toAuthError(error: unknown, stage: OidcStage): AuthError {
  if (error instanceof AuthError) return error;
  const cause = { cause: error };
  if (error instanceof AuthorizationResponseError) {
    const oauthError = oauthErrorCode(error.error);
    return new AuthError(
      oauthError === 'access_denied' ? 'login-denied' : 'login-failed',
      { oauthError },
      cause,
    );
  }
  if (error instanceof ResponseBodyError || error instanceof WWWAuthenticateChallengeError) {
    const oauthError = error instanceof ResponseBodyError ? oauthErrorCode(error.error) : undefined;
    return new AuthError(stageFallback[stage], { oauthError }, cause);
  }
  if (error instanceof ClientError) {
    if (error.code === 'OAUTH_HTTP_REQUEST_FORBIDDEN') return new AuthError('insecure-issuer', {}, cause);
    if (stage === 'discovery' && error.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') {
      return new AuthError('issuer-mismatch', {}, cause);
    }
    return new AuthError(isNetworkFailure(error.cause) ? 'idp-unreachable' : stageFallback[stage], {}, cause);
  }
  return new AuthError(isNetworkFailure(error) ? 'idp-unreachable' : stageFallback[stage], {}, cause);
}

/** Providers that omit `expires_in` get a short assumed lifetime, so the token is renewed early. */
const ASSUMED_LIFETIME_SECONDS = 300;

export function tokenSetFrom(response: TokenResponse, now: number, previous?: TokenSet): TokenSet {
  const refreshToken = response.refresh_token ?? previous?.refreshToken;
  const idToken = response.id_token ?? previous?.idToken;
  return {
    accessToken: response.access_token,
    expiresAt: now + (response.expiresIn() ?? ASSUMED_LIFETIME_SECONDS) * 1000,
    ...(refreshToken === undefined ? {} : { refreshToken }),
    ...(idToken === undefined ? {} : { idToken }),
  };
}

/**
 * The claims of a token response: the ID token's, completed by the userinfo endpoint where there is one
 * (many providers put department and roles only there). Undefined when the response carries neither.
 * An access token for another audience (`forResource`: the department service's) is not the provider's
 * to answer userinfo with; the ID token's claims name the person then.
 */
export async function claimsOf(
  config: Configuration,
  response: TokenResponse,
  expectedSubject?: string,
  forResource = false,
): Promise<Claims | undefined> {
  const idClaims = response.claims();
  const subject = idClaims?.sub ?? expectedSubject;
  if (subject === undefined) return undefined;
  if (expectedSubject !== undefined && subject !== expectedSubject) throw new AuthError('different-user');
  const userinfo =
    forResource || config.serverMetadata().userinfo_endpoint === undefined
      ? undefined
      : await fetchUserInfo(config, response.access_token, subject);
  if (idClaims === undefined && userinfo === undefined) return undefined;
  return { ...idClaims, ...userinfo };
}
