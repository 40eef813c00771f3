import { chooseTransport, createApi } from './api/client';
import { defaultFilter, toListInput } from './inbox/inbox-filter';
import { PAGE_SIZE } from './inbox/page-window';
import { markPressableStyle } from './ui/csp';
import './styles.css';

markPressableStyle(document);
const container = document.getElementById('root') as HTMLElement;
// React and the screens (most of the code) load while the first calls below are on their way to main.
const screens = import('./screens');

async function start() {
  let api: ReturnType<typeof createApi>;
  try {
    api = createApi(chooseTransport());
  } catch {
    await (await screens).renderStartupError(container, 'errors.missing-token');
    return;
  }
  // Asked together, so the first render already knows who is signed in and shows the inbox's first
  // rows at once (if nobody is signed in yet, that page is refused and simply asked for later).
  const inbox = toListInput(defaultFilter);
  const [info, settings, session, firstPage, { renderApp }] = await Promise.all([
    api.call('app.info', {}),
    api.call('settings.get', {}),
    api.call('session.current', {}).catch(() => null),
    api
      .call('cases.list', { ...inbox, offset: 0, limit: PAGE_SIZE })
      .then((result) => ({ query: inbox, result }))
      .catch(() => null),
    screens,
  ]);
  await renderApp(container, api, { info, settings, session, firstPage });
}

void start();
