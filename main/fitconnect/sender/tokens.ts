/**
 * Sender access tokens (OAuth2 client credentials): the subscriber's token client (form-body credentials,
 * cached until shortly before expiry, one request for concurrent callers) behind the interface the sender
 * client asks for. A caller that got a 401 with a token invalidates it, so the next call fetches a new one.
 */

import type { RetryPolicy } from '../../http/retry';
import { HttpClient } from '../client/http';
import { type ClientCredentials, TokenClient } from '../client/token-client';
import { DEFAULT_SUBSCRIBER_SETTINGS } from '../subscriber/settings';

export type { ClientCredentials };

export interface SenderTokenSource {
  token(): Promise<string>;
  /** Drops `token` if it is still the cached one. */
  invalidate(token: string): void;
}

export interface ClosableTokenSource extends SenderTokenSource {
  close(): Promise<void>;
}

export function clientCredentialsTokens(
  credentials: ClientCredentials,
  retry: RetryPolicy = {
    retries: DEFAULT_SUBSCRIBER_SETTINGS.retries,
    baseMs: DEFAULT_SUBSCRIBER_SETTINGS.retryBaseMs,
    maxMs: DEFAULT_SUBSCRIBER_SETTINGS.retryMaxMs,
  },
): ClosableTokenSource {
  const http = new HttpClient(DEFAULT_SUBSCRIBER_SETTINGS);
  const client = new TokenClient(http, credentials, {
    refreshMarginSeconds: DEFAULT_SUBSCRIBER_SETTINGS.tokenRefreshMarginSeconds,
    retry,
  });
  return {
    token: () => client.token(),
    invalidate: (token) => client.invalidate(token),
    close: () => http.close(),
  };
}
