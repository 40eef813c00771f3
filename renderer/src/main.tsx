import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { chooseTransport, createApi } from './api/client';
import { ApiContext } from './api/context';
import { initI18n } from './i18n';
import { App } from './shell/App';
import { StartupError } from './shell/StartupError';
import './styles.css';

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
  const [info, settings] = await Promise.all([api.call('app.info', {}), api.call('settings.get', {})]);
  initI18n(settings.language);
  root.render(
    <StrictMode>
      <ApiContext.Provider value={api}>
        <App info={info} initialSettings={settings} />
      </ApiContext.Provider>
    </StrictMode>,
  );
}

void start();
