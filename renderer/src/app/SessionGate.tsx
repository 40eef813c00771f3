/**
 * The desk needs a signed-in, unlocked session whose role may read cases; main refuses every case call
 * otherwise. This shows, instead of the screen, what the workstation needs next: a profile (first run:
 * the demo or an import), a sign-in, or an unlock. Sign-in runs at the identity provider; in browser mode
 * main asks the renderer to open its page (`session.openBrowser`), which a popup blocker may stop, so the
 * link is offered as well.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Principal, ProfileSummary } from '../../../main/api/contract';
import { ApiError } from '../../../shared/api/result';
import { useApi } from '../api/context';
import { ProfileImport } from '../profile/ProfileImport';
import { ProfileSummaryView } from '../profile/ProfileSummaryView';
import { ActionButton } from '../ui/ActionButton';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';
import { useDesk } from './desk-context';
import { routeHash } from './routes';
import { useScreenHeading } from './useScreenHeading';

/** Administration configures the installation and sees no case data; every other role works cases. */
export function readsCases(principal: Principal | null): boolean {
  return principal?.roles.some((role) => role !== 'Administration') ?? false;
}

export function SessionGate({ children }: { children: ReactNode }) {
  const desk = useDesk();
  const { t } = useTranslation();
  // Kept here, so the sign-in that follows a first-run import still shows what was imported.
  const [imported, setImported] = useState<ProfileSummary | null>(null);
  const status = desk.session?.status;
  // Until main has said who is signed in, show nothing that would ask it for cases.
  if (status === 'signed-in') return readsCases(desk.principal) ? children : <NoCaseAccess />;
  if (status === undefined && desk.errorKey) return children;
  if (status === undefined) return <p className="muted">{t('common.loading')}</p>;
  if (status === 'no-profile') return <FirstRun onImported={setImported} />;
  if (status === 'locked') return <LockScreen />;
  return <SignIn imported={imported} />;
}

/** Auth errors have their own words (`session.errors.<reason>`); other errors fall back as usual. */
function sessionErrorKey(error: unknown): MessageKey {
  const base = errorKey(error);
  const rest = Array.isArray(base) ? base : [base];
  return error instanceof ApiError && error.reason ? [`session.errors.${error.reason}`, ...rest] : rest;
}

/** Runs one call at a time and keeps its error; `null` while nothing went wrong. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(sessionErrorKey(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/**
 * Browser mode: opens the identity provider's pages when main asks (sign-in, and its end-session page at
 * sign-out). Used once by the desk's frame, so it listens whatever screen is shown.
 */
export function useIdentityProviderPages(): void {
  const api = useApi();
  useEffect(
    () => api.on('session.openBrowser', (event) => void window.open(event.url, '_blank', 'noopener')),
    [api],
  );
}

/** The sign-in page main last asked to open, as a link in case a popup blocker stopped it. */
function useSignInPage(): string | null {
  const api = useApi();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => api.on('session.openBrowser', (event) => setUrl(event.url)), [api]);
  return url;
}

function Step({
  kind,
  testId,
  children,
}: {
  kind: 'no-profile' | 'signed-out' | 'locked' | 'no-case-access';
  testId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useScreenHeading(t(`session.${kind}.title`), heading);
  return (
    <section className="panel session-step" aria-labelledby="session-title" data-testid={testId}>
      <h1 id="session-title" ref={heading} tabIndex={-1}>
        {t(`session.${kind}.title`)}
      </h1>
      {children}
    </section>
  );
}

function SignInLink({ url }: { url: string | null }) {
  const { t } = useTranslation();
  if (!url) return null;
  return (
    <p>
      <a href={url} target="_blank" rel="noopener noreferrer">
        {t('session.openSignInPage')}
      </a>
    </p>
  );
}

function FirstRun({ onImported }: { onImported: (profile: ProfileSummary) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const demo = useAction();
  const [importing, setImporting] = useState(false);
  return (
    <Step kind="no-profile" testId="session-step">
      <p>{t('session.no-profile.text')}</p>
      <div className="button-row">
        <ActionButton
          className="button button-primary"
          unavailable={demo.busy}
          onPress={() => void demo.run(() => api.call('setup.startDemo', {}))}
        >
          {demo.busy ? t('session.waiting') : t('session.startDemo')}
        </ActionButton>
        <button
          type="button"
          className="button"
          aria-expanded={importing}
          aria-controls="first-run-import"
          onClick={() => setImporting((open) => !open)}
        >
          {t('session.importProfile')}
        </button>
      </div>
      <ErrorAlert messageKey={demo.error} />
      <div id="first-run-import">
        {importing && (
          <section aria-labelledby="first-run-import-title">
            <h2 id="first-run-import-title">{t('profile.importTitle')}</h2>
            <ProfileImport onImported={(result) => onImported(result.profile)} />
          </section>
        )}
      </div>
    </Step>
  );
}

function SignIn({ imported }: { imported: ProfileSummary | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const action = useAction();
  const signInUrl = useSignInPage();
  return (
    <Step kind="signed-out" testId="session-step">
      <p>{t('session.signed-out.text')}</p>
      <ActionButton
        className="button button-primary"
        unavailable={action.busy}
        onPress={() => void action.run(() => api.call('session.signIn', {}))}
      >
        {action.busy ? t('session.waiting') : t('session.signIn')}
      </ActionButton>
      <SignInLink url={signInUrl} />
      <ErrorAlert messageKey={action.error} />
      {imported && (
        <>
          <p role="status">{t('session.profileImported', { department: imported.departmentName })}</p>
          <ProfileSummaryView profile={imported} headingLevel={2} />
        </>
      )}
    </Step>
  );
}

/**
 * The lock screen says why the session locked and offers a new sign-in of the same person, or signing them
 * out so that a colleague can sign in at this shared workstation (the person's drafts stay in the vault).
 * The desk behind it is not rendered at all, so no case data stays in the page.
 */
export function LockScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const desk = useDesk();
  const action = useAction();
  const signInUrl = useSignInPage();
  const session = desk.session;
  const minutes = session?.status === 'locked' ? session.idleMinutes : 0;
  return (
    <Step kind="locked" testId="lock-screen">
      <p data-testid="lock-reason">{t('session.locked.reason', { count: minutes })}</p>
      <p>{t('session.locked.text', { name: desk.principal?.displayName ?? '' })}</p>
      <div className="button-row">
        <ActionButton
          className="button button-primary"
          unavailable={action.busy}
          onPress={() => void action.run(() => api.call('session.unlock', {}))}
        >
          {action.busy ? t('session.waiting') : t('session.unlock')}
        </ActionButton>
        <ActionButton
          className="button"
          unavailable={action.busy}
          onPress={() => void action.run(() => api.call('session.signOut', {}))}
        >
          {t('session.locked.switchUser')}
        </ActionButton>
      </div>
      <p className="muted">
        {t('session.locked.switchUserHint', { name: desk.principal?.displayName ?? '' })}
      </p>
      <SignInLink url={signInUrl} />
      <ErrorAlert messageKey={action.error} />
    </Step>
  );
}

function NoCaseAccess() {
  const { t } = useTranslation();
  return (
    <Step kind="no-case-access" testId="no-case-access">
      <p>{t('session.no-case-access.text')}</p>
      <p>
        <a href={routeHash({ screen: 'settings' })}>{t('session.no-case-access.settings')}</a>
      </p>
    </Step>
  );
}
