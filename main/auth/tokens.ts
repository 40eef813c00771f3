/**
 * The session's tokens: held in memory by default, or in an injected secret store (the vault) so they never
 * sit in a plain object longer than needed. Either way sign-out clears them.
 */
import type { SecretStore } from './secret-store';

export interface TokenSet {
  accessToken: string;
  /** Milliseconds since the epoch at which the access token expires. */
  expiresAt: number;
  refreshToken?: string;
  /** Kept as the hint for the provider's end-session endpoint. */
  idToken?: string;
}

export interface TokenStore {
  read(): Promise<TokenSet | undefined>;
  write(tokens: TokenSet): Promise<void>;
  clear(): Promise<void>;
}

export function memoryTokenStore(): TokenStore {
  let tokens: TokenSet | undefined;
  return {
    read: async () => tokens,
    write: async (next) => {
      tokens = next;
    },
    clear: async () => {
      tokens = undefined;
    },
  };
}

export const SESSION_TOKENS_SECRET = 'auth/session-tokens';

export function secretTokenStore(store: SecretStore, name: string = SESSION_TOKENS_SECRET): TokenStore {
  return {
    read: async () => {
      const value = await store.get(name);
      return value === null ? undefined : (JSON.parse(value) as TokenSet);
    },
    write: (tokens) => store.put(name, JSON.stringify(tokens)),
    clear: () => store.delete(name),
  };
}
