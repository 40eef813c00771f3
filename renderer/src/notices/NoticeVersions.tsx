/**
 * The sealed versions of a case's notices, newest first, each with its deliveries: where it went, how far
 * it got (a failure with its reason and a retry), and for paper the print and the "posted" mark.
 */
import { useTranslation } from 'react-i18next';
import type { NoticeDeliveryView, NoticeView } from '../../../main/api/contract';
import { formatDateTime } from '../../../shared/forms/format';
import { useDesk } from '../app/desk-context';
import { localeFor } from '../i18n';
import { deliveryErrorText } from '../sync/delivery-error-text';
import { ActionButton } from '../ui/ActionButton';
import { Icon, type IconName } from '../ui/Icon';

const stateIcon: Record<NoticeDeliveryView['state'], IconName> = {
  queued: 'pending',
  sending: 'sync',
  retrying: 'clock',
  delivered: 'ok',
  failed: 'error',
  replaced: 'pending',
  print: 'warning',
  posted: 'ok',
};

export interface VersionActions {
  show(notice: NoticeView): void;
  print(notice: NoticeView): void;
  save(notice: NoticeView): void;
  send(notice: NoticeView, channel?: 'post'): void;
  retry(delivery: NoticeDeliveryView): void;
  markPosted(notice: NoticeView): void;
}

export function NoticeVersions({
  notices,
  shownId,
  canSend,
  byPost,
  busy,
  actions,
}: {
  notices: readonly NoticeView[];
  shownId: string | null;
  /** The case's state and the person allow sending now. */
  canSend: boolean;
  /** The citizen gave no electronic reply channel: sending means printing and posting. */
  byPost: boolean;
  busy: boolean;
  actions: VersionActions;
}) {
  const { t, i18n } = useTranslation();
  const desk = useDesk();
  const locale = localeFor(i18n.language);
  const at = (iso: string) => formatDateTime(iso, { locale });
  const newestFirst = [...notices].sort((a, b) => b.version - a.version);

  if (notices.length === 0) return <p className="muted">{t('notices.noVersions')}</p>;
  return (
    <ol className="notice-versions" data-testid="notice-versions">
      {newestFirst.map((notice) => {
        const { version } = notice;
        return (
          <li key={notice.id} className="notice-version" data-testid="notice-version" data-version={version}>
            <div className="notice-version-head">
              <strong>{t('notices.version', { version })}</strong>
              <span className="badge">{t(`notices.kinds.${notice.kind}`)}</span>
              <span className="wrap-anywhere">{notice.title}</span>
              <span className="muted">
                {t('notices.sealedBy', {
                  at: at(notice.sealedAt),
                  by: desk.displayName(notice.sealedBy) ?? notice.sealedBy,
                })}
              </span>
            </div>
            <div className="notice-version-actions">
              <button
                type="button"
                className="button button-small"
                aria-label={t('notices.showNamed', { version })}
                aria-pressed={shownId === notice.id}
                onClick={() => actions.show(notice)}
              >
                {t('notices.show')}
              </button>
              <ActionButton
                className="button button-small"
                aria-label={t('notices.printNamed', { version })}
                unavailable={busy}
                onPress={() => actions.print(notice)}
              >
                {t('notices.print')}
              </ActionButton>
              <button
                type="button"
                className="button button-small button-quiet"
                aria-label={t('notices.savePdfNamed', { version })}
                onClick={() => actions.save(notice)}
              >
                <Icon name="download" />
                {t('notices.savePdf')}
              </button>
              {canSend && notice.deliveries.length === 0 && (
                <ActionButton
                  className="button button-small button-primary"
                  data-step="send"
                  aria-keyshortcuts="d"
                  aria-label={byPost ? undefined : t('notices.sendNamed', { version })}
                  unavailable={busy}
                  onPress={() => actions.send(notice)}
                >
                  {byPost ? t('notices.sendPost') : t('notices.send')}
                </ActionButton>
              )}
            </div>
            {canSend && byPost && notice.deliveries.length === 0 && (
              <p className="hint">{t('notices.sendPostHint')}</p>
            )}
            {notice.deliveries.length > 0 && (
              <ul
                className="notice-deliveries"
                aria-label={t('notices.deliveries')}
                data-step="delivery"
                tabIndex={-1}
              >
                {notice.deliveries.map((delivery) => (
                  <li
                    key={delivery.id}
                    className="notice-delivery"
                    data-testid="notice-delivery"
                    data-state={delivery.state}
                  >
                    <span className="notice-channel">{t(`notices.channels.${delivery.channel}`)}</span>
                    <span className={`delivery-state delivery-${delivery.state}`}>
                      <Icon name={stateIcon[delivery.state]} />
                      {t(`notices.states.${delivery.state}`)}
                    </span>
                    <span className="muted">
                      {t('notices.deliveryUpdated', { at: at(delivery.updatedAt) })}
                    </span>
                    {delivery.state === 'failed' && delivery.lastError && (
                      <span className="delivery-error wrap-anywhere">
                        {t('notices.lastError', {
                          error: deliveryErrorText(t, 'notice.delivery', delivery.lastError),
                        })}
                      </span>
                    )}
                    {delivery.state === 'failed' && delivery.outboxItemId && (
                      <ActionButton
                        className="button button-small"
                        unavailable={busy}
                        onPress={() => actions.retry(delivery)}
                      >
                        {t('notices.retry')}
                      </ActionButton>
                    )}
                    {canSend &&
                      delivery.state === 'failed' &&
                      !notice.deliveries.some((other) => other.channel === 'post') && (
                        <ActionButton
                          className="button button-small button-quiet"
                          unavailable={busy}
                          onPress={() => actions.send(notice, 'post')}
                        >
                          {t('notices.sendPostInstead')}
                        </ActionButton>
                      )}
                    {delivery.state === 'print' && (
                      <ActionButton
                        className="button button-small"
                        data-step="markPosted"
                        aria-keyshortcuts="p"
                        unavailable={busy}
                        onPress={() => actions.markPosted(notice)}
                      >
                        {t('notices.markPosted')}
                      </ActionButton>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
