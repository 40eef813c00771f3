import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { chooseTransport, createApi } from './api/client';
import { ApiContext } from './api/context';
import { initI18n } from './i18n';
import { defaultFilter, toListInput } from './inbox/inbox-filter';
import { PAGE_SIZE } from './inbox/page-window';
import { App } from './shell/App';
import { StartupError } from './shell/StartupError';
import { markPressableStyle } from './ui/csp';
import './styles.css';

markPressableStyle(document);
const root = createRoot(document.getElementById('root') as HTMLElement);

async function start() {
  let api: ReturnType<typeof createApi>;
  try {
    api = createApi(chooseTransport());
  } catch {
    initI18n('de');
    root.render(<StartupError messageKey="errors.missing-token" />);
    return;
  }
  // Asked together, so the first render already knows who is signed in and shows the inbox's first
  // rows at once (if nobody is signed in yet, that page is refused and simply asked for later).
  const inbox = toListInput(defaultFilter);
  const [info, settings, session, firstPage] = await Promise.all([
    api.call('app.info', {}),
    api.call('settings.get', {}),
    api.call('session.current', {}).catch(() => null),
    api
      .call('cases.list', { ...inbox, offset: 0, limit: PAGE_SIZE })
      .then((result) => ({ query: inbox, result }))
      .catch(() => null),
  ]);
  initI18n(settings.language);
  root.render(
    <StrictMode>
      <ApiContext.Provider value={api}>
        <App info={info} initialSettings={settings} initialSession={session} firstInboxPage={firstPage} />
      </ApiContext.Provider>
    </StrictMode>,
  );
}

void start();
