import { useTranslation } from 'react-i18next';
import type { SessionState } from '../../../main/api/contract';

/**
 * The idle lock as this person's session has it. The department profile sets the minutes (1 to 480, the
 * city's IT decides for the whole department), so it is shown here, not edited.
 */
export function LockSettings({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  if (session.status !== 'signed-in' && session.status !== 'locked') return null;
  return (
    <section className="panel" aria-labelledby="lock-settings-title" data-testid="lock-settings">
      <h2 id="lock-settings-title">{t('session.settings.title')}</h2>
      <dl className="facts">
        <dt>{t('session.settings.signedInAs')}</dt>
        <dd>
          {session.principal.displayName} · {session.departmentName}
        </dd>
        <dt>{t('session.settings.roles')}</dt>
        <dd>{session.principal.roles.map((role) => t(`session.roles.${role}`)).join(', ')}</dd>
        <dt>{t('session.settings.idleLock')}</dt>
        <dd data-testid="idle-minutes">{t('profile.minutes', { count: session.idleMinutes })}</dd>
      </dl>
      <p className="muted">{t('session.settings.idleLockSource')}</p>
    </section>
  );
}
