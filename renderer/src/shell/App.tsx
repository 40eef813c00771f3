/**
 * The desk's frame: skip link, header (navigation, sync, outbox, who is signed in), the current screen
 * by hash route, and the shortcut help. The inbox's filter, selection and position are kept here, so
 * they survive opening a case and coming back.
 */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { I18nProvider } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionState, UserSettings } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { DeskProvider, useDesk } from '../app/desk-context';
import { routeHash } from '../app/routes';
import { useHashRoute } from '../app/routing';
import { LockScreen, readsCases, SessionGate, useIdentityProviderPages } from '../app/SessionGate';
import { useActivity } from '../app/useActivity';
import { localeFor } from '../i18n';
import { InboxScreen, initialInboxMemory } from '../inbox/InboxScreen';
import type { FirstPage } from '../inbox/useCaseWindow';
import { IntegrityBanner } from '../integrity/IntegrityBanner';
import { ShortcutProvider, useShortcut } from '../keyboard/ShortcutProvider';
import { OfflineBanner } from '../replica/OfflineBanner';
import { OutboxControl } from '../sync/OutboxControl';
import { SyncControl } from '../sync/SyncControl';
import { TeamNotifier } from '../team/TeamNotifier';
import { Icon } from '../ui/Icon';
import { WhenOpen } from '../ui/WhenOpen';

// The inbox comes first; the case view and settings load when first opened (a smaller start).
const CaseScreen = lazy(() => import('../case/CaseScreen').then((m) => ({ default: m.CaseScreen })));
const SettingsScreen = lazy(() =>
  import('../settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })),
);
const TeamScreen = lazy(() => import('../team/TeamScreen').then((m) => ({ default: m.TeamScreen })));
const HelpDialog = lazy(() => import('../keyboard/HelpDialog').then((m) => ({ default: m.HelpDialog })));

export function App({
  info,
  initialSettings,
  initialSession,
  firstInboxPage,
}: {
  info: AppInfo;
  initialSettings: UserSettings;
  /** null when main could not say at start; the desk asks again. */
  initialSession: SessionState | null;
  /** The inbox's first page as the start asked for it; used by the inbox's first showing only. */
  firstInboxPage: FirstPage | null;
}) {
  const { i18n } = useTranslation();
  const [settings, setSettings] = useState(initialSettings);

  useEffect(() => {
    document.documentElement.dataset.theme = settings.theme;
  }, [settings.theme]);

  return (
    <I18nProvider locale={localeFor(i18n.language)}>
      <DeskProvider initialSession={initialSession}>
        <ShortcutProvider>
          <Desk info={info} settings={settings} onSettings={setSettings} firstInboxPage={firstInboxPage} />
        </ShortcutProvider>
      </DeskProvider>
    </I18nProvider>
  );
}

function Desk({
  info,
  settings,
  onSettings,
  firstInboxPage,
}: {
  info: AppInfo;
  settings: UserSettings;
  onSettings: (next: UserSettings) => void;
  firstInboxPage: FirstPage | null;
}) {
  const { t } = useTranslation();
  const desk = useDesk();
  const api = useApi();
  const { route, previous, navigate } = useHashRoute();
  const signOut = () => api.call('session.signOut', {}).catch(() => undefined);
  const [inbox, setInbox] = useState(initialInboxMemory);
  const [helpOpen, setHelpOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  // Later showings of the inbox ask afresh: the start's page would be stale by then, and after a sign-out
  // it belongs to another person.
  const [firstPage, setFirstPage] = useState(firstInboxPage);
  useEffect(() => {
    if (route.screen !== 'inbox' || desk.session?.status !== 'signed-in') setFirstPage(null);
  }, [route.screen, desk.session?.status]);

  useShortcut('help', () => setHelpOpen(true));
  useShortcut('goInbox', () => navigate({ screen: 'inbox' }));
  useShortcut('goSettings', () => navigate({ screen: 'settings' }));
  // On the inbox, the inbox's own handler focuses the search box.
  useShortcut('focusSearch', () => navigate({ screen: 'inbox' }), route.screen !== 'inbox');

  const { principal, session } = desk;
  useActivity(session?.status === 'signed-in');
  useIdentityProviderPages();
  // Locked: nothing of the desk stays in the page, only the way back in.
  if (session?.status === 'locked') {
    return (
      <main id="content" className="app-main" tabIndex={-1}>
        <LockScreen />
      </main>
    );
  }
  // Administration sees settings and profiles, never case data; sync and outbox need a case worker.
  const casesOffered = session?.status !== 'signed-in' || readsCases(principal);
  const caseWorker = session?.status === 'signed-in' && readsCases(principal);
  return (
    <>
      <a className="skip-link" href="#content">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <img src="./favicon.svg" alt="" width={24} height={24} />
          <span className="brand-name">{t('app.name')}</span>
          {info.demo && <span className="badge badge-demo">{t('app.demo')}</span>}
          <span className="badge">{t(`app.mode.${info.mode}`)}</span>
        </div>
        <nav aria-label={t('nav.label')} className="main-nav">
          {casesOffered && (
            <a
              href={routeHash({ screen: 'inbox' })}
              aria-current={route.screen === 'inbox' || route.screen === 'case' ? 'page' : undefined}
            >
              {t('nav.inbox')}
            </a>
          )}
          {caseWorker && (
            <a
              href={routeHash({ screen: 'team' })}
              aria-current={route.screen === 'team' ? 'page' : undefined}
            >
              {t('nav.team')}
            </a>
          )}
          <a
            href={routeHash({ screen: 'settings' })}
            aria-current={route.screen === 'settings' ? 'page' : undefined}
          >
            {t('nav.settings')}
          </a>
        </nav>
        <div className="header-tools">
          {caseWorker && <SyncControl />}
          {caseWorker && <OutboxControl onOpenCase={(caseId) => navigate({ screen: 'case', caseId })} />}
          <button
            type="button"
            className="button button-quiet"
            onClick={() => setHelpOpen(true)}
            aria-keyshortcuts="?"
            data-testid="help-button"
          >
            <Icon name="keyboard" />
            {t('shortcuts.button')}
          </button>
          {principal && session && 'departmentName' in session && (
            <span className="user" data-testid="user">
              {t('app.signedInAs', { name: principal.displayName, department: session.departmentName })}
            </span>
          )}
          {session?.status === 'signed-in' && (
            <button type="button" className="button button-quiet" onClick={() => void signOut()}>
              {t('session.signOut')}
            </button>
          )}
        </div>
      </header>
      <IntegrityBanner signedIn={session?.status === 'signed-in'} />
      {caseWorker && <TeamNotifier key={principal?.userId} />}
      <OfflineBanner />
      <main id="content" className="app-main" tabIndex={-1}>
        <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
          {route.screen === 'inbox' && (
            <SessionGate>
              <InboxScreen
                memory={inbox}
                setMemory={setInbox}
                returning={previous?.screen === 'case'}
                onOpenCase={(caseId) => navigate({ screen: 'case', caseId })}
                searchRef={searchRef}
                firstPage={firstPage}
              />
            </SessionGate>
          )}
          {route.screen === 'case' && (
            <SessionGate>
              <CaseScreen key={route.caseId} caseId={route.caseId} />
            </SessionGate>
          )}
          {route.screen === 'team' && (
            <SessionGate>
              <TeamScreen />
            </SessionGate>
          )}
          {route.screen === 'settings' && (
            <SettingsScreen info={info} settings={settings} onChange={onSettings} />
          )}
        </Suspense>
      </main>
      <WhenOpen isOpen={helpOpen}>
        <HelpDialog isOpen onClose={() => setHelpOpen(false)} />
      </WhenOpen>
    </>
  );
}
