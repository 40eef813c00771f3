import { ApiError } from '../../shared/api/result';
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
  const api = createApi(chooseTransport());
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

start().catch(async (error: unknown) => {
  // Browser mode opened without its per-launch token: every call is refused.
  // (The department service's expired session is not that: its sign-in page is already being opened.)
  if (error instanceof ApiError && error.code === 'unauthorized' && error.reason !== 'sign-in-required') {
    await (await screens).renderStartupError(container, 'errors.missing-token');
  } else throw error;
});
