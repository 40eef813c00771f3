import { createApp } from '../../main/app/create-app';
import { appVersion } from '../../main/app/version';
import { createMemoryLogger } from '../../main/log/logger';
import { createMemoryStore } from '../../main/settings/user-settings';

/** A real app object with in-memory settings, as browser mode builds it. */
export function createTestApp() {
  const log = createMemoryLogger();
  const app = createApp({
    mode: 'browser',
    demo: false,
    version: appVersion,
    electronVersion: null,
    settingsStore: createMemoryStore(),
    log,
  });
  return { app, log };
}
