/**
 * The vault's key store and per-user preferences (migration 005). Secrets (client secrets, private keys,
 * PKCS#12 passwords of the department profile) live here, inside the encrypted database, and never in the
 * plain settings file.
 */
import type { SecretStore } from '../auth/secret-store';
import { prepared, type VaultTx } from './sql';

type Transact = <T>(fn: (tx: VaultTx) => T) => T;

export function vaultSecretStore(transaction: Transact, now: () => Date): SecretStore {
  return {
    async put(name, value) {
      transaction(({ db }) => {
        prepared(
          db,
          `INSERT INTO secrets (name, value, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        ).run(name, value, now().toISOString());
      });
    },
    get: async (name) =>
      transaction(
        ({ db }) =>
          (
            prepared(db, 'SELECT value FROM secrets WHERE name = ?').get(name) as
              | { value: string }
              | undefined
          )?.value ?? null,
      ),
    async delete(name) {
      transaction(({ db }) => {
        prepared(db, 'DELETE FROM secrets WHERE name = ?').run(name);
      });
    },
  };
}

export interface PreferenceStore {
  get(userId: string, key: string): string | null;
  set(userId: string, key: string, value: string): void;
  /** Every person's value of `key`. */
  everyone(key: string): { userId: string; value: string }[];
  remove(userId: string, key: string): void;
}

export function vaultPreferences(transaction: Transact): PreferenceStore {
  return {
    get: (userId, key) =>
      transaction(
        ({ db }) =>
          (
            prepared(db, 'SELECT value FROM preferences WHERE user_id = ? AND key = ?').get(userId, key) as
              | { value: string }
              | undefined
          )?.value ?? null,
      ),
    everyone: (key) =>
      transaction(({ db }) =>
        (
          prepared(db, 'SELECT user_id, value FROM preferences WHERE key = ? ORDER BY user_id').all(key) as {
            user_id: string;
            value: string;
          }[]
        ).map((row) => ({ userId: row.user_id, value: row.value })),
      ),
    remove(userId, key) {
      transaction(({ db }) => {
        prepared(db, 'DELETE FROM preferences WHERE user_id = ? AND key = ?').run(userId, key);
      });
    },
    set(userId, key, value) {
      transaction(({ db }) => {
        prepared(
          db,
          `INSERT INTO preferences (user_id, key, value) VALUES (?, ?, ?)
           ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value`,
        ).run(userId, key, value);
      });
    },
  };
}
