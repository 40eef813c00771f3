/**
 * The React side of the start: React, i18n and every screen. main.tsx loads this module while its first
 * calls are on their way to main, so neither waits for the other.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { AppInfo, SessionState, UserSettings } from '../../main/api/contract';
import type { Api } from './api/client';
import { ApiContext } from './api/context';
import { initI18n } from './i18n';
import type { FirstPage } from './inbox/useCaseWindow';
import { App } from './shell/App';
import { StartupError } from './shell/StartupError';

export async function renderStartupError(container: HTMLElement, messageKey: string): Promise<void> {
  await initI18n('de');
  createRoot(container).render(<StartupError messageKey={messageKey} />);
}

export async function renderApp(
  container: HTMLElement,
  api: Api,
  start: {
    info: AppInfo;
    settings: UserSettings;
    session: SessionState | null;
    firstPage: FirstPage | null;
  },
): Promise<void> {
  await initI18n(start.settings.language);
  createRoot(container).render(
    <StrictMode>
      <ApiContext.Provider value={api}>
        <App
          info={start.info}
          initialSettings={start.settings}
          initialSession={start.session}
          firstInboxPage={start.firstPage}
        />
      </ApiContext.Provider>
    </StrictMode>,
  );
}
