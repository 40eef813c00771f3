/**
 * The desk needs a signed-in, unlocked session; main refuses every case call otherwise. This shows,
 * instead of the screen, what the workstation needs next: a profile (in demo mode, one click sets the
 * demo up), a sign-in, or an unlock. Sign-in runs at the identity provider; in browser mode main asks
 * the renderer to open its page (`session.openBrowser`), which a popup blocker may stop, so the link
 * is offered as well.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';
import { useDesk } from './desk-context';
import { useScreenHeading } from './useScreenHeading';

type Step = {
  kind: 'no-profile' | 'signed-out' | 'locked';
  call: 'setup.startDemo' | 'session.unlock' | 'session.signIn';
  label: string;
};

export function SessionGate({ demo, children }: { demo: boolean; children: ReactNode }) {
  const desk = useDesk();
  const { t } = useTranslation();
  const status = desk.session?.status;
  // Until main has said who is signed in, show nothing that would ask it for cases.
  if (status === 'signed-in' || (status === undefined && desk.errorKey)) return children;
  if (status === undefined) return <p className="muted">{t('common.loading')}</p>;
  const step: Step =
    status === 'no-profile'
      ? { kind: status, call: 'setup.startDemo', label: 'session.startDemo' }
      : status === 'locked'
        ? { kind: status, call: 'session.unlock', label: 'session.unlock' }
        : { kind: status, call: 'session.signIn', label: 'session.signIn' };
  return <SessionStep step={step} offerAction={step.kind !== 'no-profile' || demo} />;
}

function SessionStep({ step, offerAction }: { step: Step; offerAction: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const heading = useRef<HTMLHeadingElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const [signInUrl, setSignInUrl] = useState<string | null>(null);
  useScreenHeading(t(`session.${step.kind}.title`), heading);

  useEffect(
    () =>
      api.on('session.openBrowser', ({ url }) => {
        setSignInUrl(url);
        window.open(url, '_blank', 'noopener');
      }),
    [api],
  );

  const act = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.call(step.call, {});
    } catch (err) {
      setError(errorKey(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel session-step" aria-labelledby="session-title" data-testid="session-step">
      <h1 id="session-title" ref={heading} tabIndex={-1}>
        {t(`session.${step.kind}.title`)}
      </h1>
      <p>{t(`session.${step.kind}.text`)}</p>
      {offerAction && (
        <button
          type="button"
          className="button button-primary"
          aria-disabled={busy}
          onClick={() => void act()}
        >
          {busy ? t('session.waiting') : t(step.label)}
        </button>
      )}
      {signInUrl && (
        <p>
          <a href={signInUrl} target="_blank" rel="noopener noreferrer">
            {t('session.openSignInPage')}
          </a>
        </p>
      )}
      <ErrorAlert messageKey={error} />
    </section>
  );
}
