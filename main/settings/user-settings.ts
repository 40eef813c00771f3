/**
 * Non-secret per-user settings. The store is an interface so that the desktop app can back it with
 * electron-store and plain Node (browser mode, tests) with `conf`, electron-store's own base.
 */
import { type UserSettings, userSettingsSchema } from './api';

export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export const defaultUserSettings: UserSettings = { language: 'de', theme: 'system' };

export interface UserSettingsService {
  get(): UserSettings;
  update(patch: Partial<UserSettings>): UserSettings;
}

export function createUserSettings(store: KeyValueStore): UserSettingsService {
  const read = (): UserSettings => {
    // A hand-edited or older file must not break the app: invalid values fall back to the defaults.
    const parsed = userSettingsSchema.safeParse({ ...defaultUserSettings, ...(store.get('user') as object) });
    return parsed.success ? parsed.data : defaultUserSettings;
  };
  return {
    get: read,
    update(patch) {
      const next = userSettingsSchema.parse({ ...read(), ...patch });
      store.set('user', next);
      return next;
    },
  };
}

/** A store held in memory, for tests and for a session without a profile directory. */
export function createMemoryStore(): KeyValueStore {
  const values = new Map<string, unknown>();
  return { get: (key) => values.get(key), set: (key, value) => void values.set(key, value) };
}
