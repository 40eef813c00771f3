import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallInput, CallName, CallResult } from '../../main/api/contract';
import { type AntragsdeskApp, type AppOptions, createApp } from '../../main/app/create-app';
import { appVersion } from '../../main/app/version';
import { createMemoryLogger } from '../../main/log/logger';
import { createMemoryStore } from '../../main/settings/user-settings';
import { KeyFileProvider } from '../../main/vault';
import type { Envelope } from '../../shared/api/result';

export interface TestApp {
  app: AntragsdeskApp;
  log: ReturnType<typeof createMemoryLogger>;
  dir: string;
  close(): Promise<void>;
}

/**
 * A real app object as browser mode builds it: a real encrypted vault in a temp profile (or in `dir`, which
 * the soak's lives share), memory settings. `close` removes the profile folder.
 */
export async function createTestApp(
  overrides: Partial<AppOptions> = {},
  dir = mkdtempSync(join(tmpdir(), 'ad-app-')),
): Promise<TestApp> {
  const log = createMemoryLogger();
  const app = await createApp({
    mode: 'browser',
    demo: false,
    version: appVersion,
    electronVersion: null,
    settingsStore: createMemoryStore(),
    log,
    profileDir: dir,
    vaultKey: new KeyFileProvider(join(dir, 'vault.key')),
    // Tests never pick up a profile the machine may have at its managed path.
    managedProfilePaths: [],
    ...overrides,
  });
  return {
    app,
    log,
    dir,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Calls `name` as the loopback transport does and returns its value; a refusal throws with its code and
 * reason, so a spec's set-up fails where it went wrong.
 */
export async function callValue<N extends CallName>(
  app: AntragsdeskApp,
  name: N,
  input: CallInput<N> = {} as CallInput<N>,
): Promise<CallResult<N>> {
  const envelope = (await app.dispatch(name, input, { transport: 'http' })) as Envelope<CallResult<N>>;
  if (!envelope.ok) {
    throw new Error(
      `${name}: ${envelope.error.code} ${envelope.error.reason ?? ''} ${envelope.error.message}`,
    );
  }
  return envelope.value;
}
