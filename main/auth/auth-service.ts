/**
 * The signed-in session: sign-in through the system browser, the principal from the provider's claims,
 * access tokens renewed before they expire, the idle lock (unlocking needs a new sign-in by the same user)
 * and sign-out (tokens cleared, refresh token revoked, the provider's end-session page opened).
 */
import { buildEndSessionUrl, type Configuration, refreshTokenGrant, tokenRevocation } from 'openid-client';
import type { Principal } from '../../shared/auth/roles';
import { authorize, type OpenBrowser } from './authorize';
import { principalFromClaims } from './claims';
import { AuthError } from './errors';
import { createIdleLock } from './idle-lock';
import {
  claimsOf,
  DEFAULT_SCOPE,
  discoverProvider,
  type IdentityProviderSettings,
  type TokenResponse,
  toAuthError,
  tokenSetFrom,
} from './oidc';
import type { SecretStore } from './secret-store';
import { memoryTokenStore, secretTokenStore, type TokenSet } from './tokens';

export interface AuthServiceOptions {
  identityProvider: IdentityProviderSettings;
  /** Opens the system browser (the shell passes `shell.openExternal`). */
  openBrowser: OpenBrowser;
  /** Keeps the tokens here instead of in memory. */
  secretStore?: SecretStore;
  /** Milliseconds since the epoch; drives token expiry and the idle lock. */
  clock?: () => number;
  /** For an `http://` loopback provider: the demo and tests only. */
  allowInsecureRequests?: boolean;
  /**
   * Minutes without activity after which the signed-in principal's session locks; by default the
   * identity provider settings' `idleMinutes` (each department's profile may set its own).
   */
  idleMinutesOf?: (principal: Principal) => number;
  /** Departments this installation serves; an account of another department is refused. */
  allowedDepartments?: readonly string[];
  /** How long sign-in waits for the browser to come back; default 5 minutes. */
  callbackTimeoutMs?: number;
  /** Renew the access token this long before it expires; default 60 seconds. */
  refreshMarginSeconds?: number;
  /** Per request to the provider; default 15 seconds. */
  requestTimeoutSeconds?: number;
  /**
   * Department mode: the department service's audience (RFC 8707 resource indicator); the access token is
   * asked for it, and the provider keeps it for each renewal.
   */
  resource?: string;
}

export type AuthState = { status: 'signed-out' } | { status: 'signed-in' | 'locked'; principal: Principal };

export interface SignInOptions {
  signal?: AbortSignal;
}

export interface SignOutResult {
  /** The refresh token was revoked at the provider. */
  revoked: boolean;
  /** The provider's end-session page was opened in the browser (to end its browser session too). */
  endSessionOpened: boolean;
}

export interface AuthService {
  state(): AuthState;
  /** Signs in when nobody is; returns the principal already signed in otherwise. Refused while locked. */
  signIn(options?: SignInOptions): Promise<Principal>;
  /** A new sign-in with password, accepted only for the user who was signed in. */
  unlock(options?: SignInOptions): Promise<Principal>;
  signOut(): Promise<SignOutResult>;
  /**
   * Ends the session here because the department service refused its token (401): tokens cleared, nothing
   * asked of the provider, so the person simply signs in again.
   */
  expire(): Promise<void>;
  /** The signed-in principal; throws `not-signed-in` or `session-locked`. */
  principal(): Principal;
  /** A valid access token, renewed with the refresh token shortly before it expires. */
  accessToken(): Promise<string>;
  /** A keystroke or click of the person at the desk. */
  activity(): void;
  /** Re-evaluates the idle lock (the shell calls this from a timer). */
  tick(now?: number): AuthState;
}

const DEFAULTS = { callbackTimeoutMs: 5 * 60_000, refreshMarginSeconds: 60, requestTimeoutSeconds: 15 };

export function createAuthService(options: AuthServiceOptions): AuthService {
  const settings = options.identityProvider;
  const clock = options.clock ?? Date.now;
  const tokens =
    options.secretStore === undefined ? memoryTokenStore() : secretTokenStore(options.secretStore);
  let principal: Principal | undefined;
  const idleMinutes = () =>
    principal === undefined || options.idleMinutesOf === undefined
      ? settings.idleMinutes
      : options.idleMinutesOf(principal);
  const idle = createIdleLock({ idleMinutes, clock });
  const refreshMarginMs = (options.refreshMarginSeconds ?? DEFAULTS.refreshMarginSeconds) * 1000;

  /** Bumped whenever the session changes hands, so late results of an older session are dropped. */
  let generation = 0;
  let pendingSignIn: { promise: Promise<Principal>; abort: AbortController } | undefined;
  let refreshing: Promise<TokenSet> | undefined;
  let configuration: Promise<Configuration> | undefined;

  const provider = (): Promise<Configuration> => {
    configuration ??= discoverProvider(settings, {
      allowInsecureRequests: options.allowInsecureRequests === true,
      timeoutSeconds: options.requestTimeoutSeconds ?? DEFAULTS.requestTimeoutSeconds,
    }).catch((error: unknown) => {
      configuration = undefined; // the next attempt discovers again
      throw error;
    });
    return configuration;
  };

  /** The lock is judged whenever someone asks, not only at the shell's next timer tick. */
  const state = (): AuthState => {
    if (principal === undefined) return { status: 'signed-out' };
    return { status: idle.tick() ? 'locked' : 'signed-in', principal };
  };

  const principalOf = async (config: Configuration, response: TokenResponse, subject?: string) => {
    let claims: Awaited<ReturnType<typeof claimsOf>>;
    try {
      claims = await claimsOf(config, response, subject, options.resource !== undefined);
    } catch (error) {
      throw toAuthError(error, subject === undefined ? 'token' : 'refresh');
    }
    if (claims === undefined) return undefined;
    const next = principalFromClaims(claims, settings);
    if (options.allowedDepartments !== undefined && !options.allowedDepartments.includes(next.department)) {
      throw new AuthError('department-not-allowed', { userId: next.userId });
    }
    return next;
  };

  /** Runs the browser flow and derives the principal; commits nothing. */
  const authenticate = async (reauthenticate: boolean, signal: AbortSignal) => {
    const config = await provider();
    const response = await authorize(config, {
      openBrowser: options.openBrowser,
      scope: settings.scope ?? DEFAULT_SCOPE,
      reauthenticate,
      timeoutMs: options.callbackTimeoutMs ?? DEFAULTS.callbackTimeoutMs,
      signal,
      ...(options.resource === undefined ? {} : { resource: options.resource }),
    });
    const next = await principalOf(config, response);
    if (next === undefined) throw new AuthError('idp-invalid-response');
    return { principal: next, tokenSet: tokenSetFrom(response, clock()) };
  };

  const commit = async (next: Principal, tokenSet: TokenSet): Promise<Principal> => {
    generation += 1;
    await tokens.write(tokenSet);
    principal = next;
    idle.unlock();
    return next;
  };

  /** One browser flow at a time; sign-out aborts it. */
  const signInOnce = (
    reauthenticate: boolean,
    signal: AbortSignal | undefined,
    accept: (next: Principal) => void,
  ) => {
    if (pendingSignIn !== undefined) return pendingSignIn.promise;
    const abort = new AbortController();
    const combined = signal === undefined ? abort.signal : AbortSignal.any([abort.signal, signal]);
    const promise = authenticate(reauthenticate, combined)
      .then(async (result) => {
        if (combined.aborted) throw new AuthError('login-cancelled');
        accept(result.principal);
        return commit(result.principal, result.tokenSet);
      })
      .finally(() => {
        pendingSignIn = undefined;
      });
    pendingSignIn = { promise, abort };
    return promise;
  };

  const endLocally = async () => {
    generation += 1;
    principal = undefined;
    refreshing = undefined;
    pendingSignIn?.abort.abort();
    await tokens.clear();
  };

  const requireActive = (): Principal => {
    if (principal === undefined) throw new AuthError('not-signed-in');
    if (idle.tick()) throw new AuthError('session-locked', { userId: principal.userId });
    return principal;
  };

  const refresh = async (current: TokenSet, holder: Principal): Promise<TokenSet> => {
    const started = generation;
    const stillValid = current.expiresAt > clock();
    if (current.refreshToken === undefined) {
      if (stillValid) return current;
      await endLocally();
      throw new AuthError('refresh-failed', { userId: holder.userId });
    }
    const config = await provider();
    let response: TokenResponse;
    try {
      response = await refreshTokenGrant(config, current.refreshToken);
    } catch (error) {
      const failure = toAuthError(error, 'refresh');
      if (failure.code === 'idp-unreachable') {
        // Offline for a moment: the current token serves while it lasts; the session stays.
        if (stillValid) return current;
        throw failure;
      }
      if (generation === started) await endLocally();
      throw failure;
    }
    // Roles are read again: a role withdrawn at the provider takes effect at the next renewal.
    let next: Principal | undefined;
    try {
      next = (await principalOf(config, response, holder.userId)) ?? holder;
    } catch (error) {
      if (generation === started) await endLocally();
      throw error;
    }
    if (generation !== started) throw new AuthError('not-signed-in');
    const tokenSet = tokenSetFrom(response, clock(), current);
    await tokens.write(tokenSet);
    principal = next;
    return tokenSet;
  };

  return {
    state,

    async signIn(signInOptions = {}) {
      if (principal !== undefined) return requireActive();
      return signInOnce(settings.forceLogin ?? true, signInOptions.signal, () => undefined);
    },

    async unlock(signInOptions = {}) {
      const locked = principal;
      if (locked === undefined) throw new AuthError('not-signed-in');
      if (!idle.tick()) return locked;
      return signInOnce(true, signInOptions.signal, (next) => {
        if (next.userId !== locked.userId) throw new AuthError('different-user', { userId: locked.userId });
      });
    },

    async signOut() {
      const current = await tokens.read();
      const config = await configuration?.catch(() => undefined);
      await endLocally();
      const result: SignOutResult = { revoked: false, endSessionOpened: false };
      if (config === undefined || current === undefined) return result;
      const metadata = config.serverMetadata();
      // Both steps are best effort: the local session is already gone whatever the provider says.
      if (current.refreshToken !== undefined && metadata.revocation_endpoint !== undefined) {
        result.revoked = await tokenRevocation(config, current.refreshToken).then(
          () => true,
          () => false,
        );
      }
      if (current.idToken !== undefined && metadata.end_session_endpoint !== undefined) {
        const url = buildEndSessionUrl(config, { id_token_hint: current.idToken });
        result.endSessionOpened = await Promise.resolve()
          .then(() => options.openBrowser(url.href))
          .then(
            () => true,
            () => false,
          );
      }
      return result;
    },

    async expire() {
      if (principal !== undefined) await endLocally();
    },

    principal: requireActive,

    async accessToken() {
      const holder = requireActive();
      const current = await tokens.read();
      if (current === undefined) throw new AuthError('not-signed-in');
      if (current.expiresAt - clock() > refreshMarginMs) return current.accessToken;
      refreshing ??= refresh(current, holder).finally(() => {
        refreshing = undefined;
      });
      return (await refreshing).accessToken;
    },

    activity() {
      // A session whose idle time ran out before this keystroke stays locked: judge first, then count it.
      idle.tick();
      idle.activity();
    },

    tick(now) {
      if (principal !== undefined) idle.tick(now);
      return state();
    },
  };
}
