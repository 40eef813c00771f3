/**
 * Wires the services into one application object that every transport serves: the handlers for the
 * contract, the event hub, and an orderly shutdown. Knows nothing of Electron or HTTP.
 */
import type { AppInfo } from '../api/contract';
import { createDispatcher, type Dispatch, type Handlers } from '../api/dispatch';
import { createEventHub, type EventHub } from '../api/events';
import type { Logger } from '../log/logger';
import { createUserSettings, type KeyValueStore } from '../settings/user-settings';

export interface AppOptions {
  mode: AppInfo['mode'];
  demo: boolean;
  version: string;
  electronVersion: string | null;
  settingsStore: KeyValueStore;
  log: Logger;
}

export interface AntragsdeskApp {
  dispatch: Dispatch;
  events: EventHub;
  close(): Promise<void>;
}

export function createApp(options: AppOptions): AntragsdeskApp {
  const events = createEventHub();
  const settings = createUserSettings(options.settingsStore);

  const handlers: Handlers = {
    'app.info': () => ({
      name: 'Antragsdesk',
      version: options.version,
      mode: options.mode,
      demo: options.demo,
      electron: options.electronVersion,
      node: process.versions.node,
      locale: settings.get().language,
    }),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
  };

  return {
    dispatch: createDispatcher(handlers, options.log),
    events,
    close: async () => {},
  };
}
