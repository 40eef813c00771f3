/**
 * Asks main which notifications are due for the signed-in person (when cases change, and every minute for
 * the reminders), words them, and shows them: on the desktop through main (Electron), in a browser through
 * the Notification API; always also here, in a live region, so nobody depends on the system's permission.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DueNotification } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { useDesk } from '../app/desk-context';
import { latestOnly } from '../app/latest-only';
import { routeHash } from '../app/routes';
import { askOnChanges } from './ask-often';

const POLL_MS = 60 * 1000;
/** The notices kept on screen, newest first. */
const KEPT = 3;

export function TeamNotifier() {
  const { t } = useTranslation();
  const api = useApi();
  const desk = useDesk();
  // Names are looked up when a notice is worded; the desk's reloads do not restart the asking.
  const names = useRef(desk.displayName);
  names.current = desk.displayName;
  const [shown, setShown] = useState<{ key: string; notification: DueNotification }[]>([]);

  // Worded when shown, so a name the desk learns later is shown too.
  const word = useCallback(
    (notification: DueNotification) => ({
      title: t(`team.notify.show.${notification.kind}.title`),
      body: t(`team.notify.show.${notification.kind}.body`, {
        reference: notification.fileReference ?? t('team.notify.noReference'),
        name: names.current(notification.by ?? null) ?? '',
        day: notification.day ?? 0,
      }),
    }),
    [t],
  );

  useEffect(() => {
    const show = async (title: string, body: string) => {
      if (await api.call('notifications.show', { title, body }).catch(() => false)) return;
      if (typeof Notification === 'undefined') return;
      if (Notification.permission === 'default')
        await Notification.requestPermission().catch(() => undefined);
      if (Notification.permission === 'granted') new Notification(title, { body });
    };
    const ask = latestOnly((done) => {
      api
        .call('notifications.pending', {})
        .then(async (due) => {
          const keyed = due.map((notification) => ({
            key: `${notification.kind}:${notification.caseId}:${Date.now()}`,
            notification,
          }));
          if (keyed.length > 0) setShown((before) => [...keyed.reverse(), ...before].slice(0, KEPT));
          for (const notification of due) {
            const { title, body } = word(notification);
            await show(title, body);
          }
        })
        .catch(() => undefined)
        .finally(done);
    });
    return askOnChanges(api, ask, POLL_MS);
  }, [api, word]);

  return (
    <div className="team-notices" role="status" aria-live="polite" data-testid="team-notices">
      {shown.map(({ key, notification }) => (
        <p key={key} className="team-notice">
          <a href={routeHash({ screen: 'case', caseId: notification.caseId })}>
            <strong>{word(notification).title}</strong> {word(notification).body}
          </a>
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => setShown((before) => before.filter((n) => n.key !== key))}
          >
            {t('team.notify.dismiss')}
          </button>
        </p>
      ))}
    </div>
  );
}
