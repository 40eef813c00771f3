/** The outbox's pending and failed items with their last error, a retry, and the way to their case. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxItemView } from '../../../main/api/contract';
import { formatDateTime } from '../../../shared/forms/format';
import { useApi } from '../api/context';
import { localeFor } from '../i18n';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';
import { Icon } from '../ui/Icon';
import { ModalDialog } from '../ui/ModalDialog';
import { ScrollRegion } from '../ui/ScrollRegion';
import { deliveryErrorText, outboxTypeText } from './delivery-error-text';

export function OutboxDialog({
  isOpen,
  onClose,
  onOpenCase,
}: {
  isOpen: boolean;
  onClose: () => void;
  onOpenCase: (caseId: string) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [items, setItems] = useState<OutboxItemView[] | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [notice, setNotice] = useState('');

  const load = useCallback(async () => {
    try {
      const [failed, pending, inFlight] = await Promise.all([
        api.call('outbox.list', { state: 'failed' }),
        api.call('outbox.list', { state: 'pending' }),
        api.call('outbox.list', { state: 'in_flight' }),
      ]);
      setItems([...failed, ...inFlight, ...pending]);
      setError(null);
    } catch (err) {
      setError(errorKey(err));
    }
  }, [api]);

  useEffect(() => {
    if (!isOpen) return;
    setNotice('');
    void load();
    return api.on('outbox.changed', () => void load());
  }, [api, isOpen, load]);

  const retry = async (id: string) => {
    try {
      await api.call('outbox.retry', { id });
      setNotice(t('outbox.retried'));
      await load();
    } catch (err) {
      setError(errorKey(err));
    }
  };

  return (
    <ModalDialog
      title={t('outbox.title')}
      isOpen={isOpen}
      onClose={onClose}
      wide
      closeButton
      testId="outbox-dialog"
    >
      <ErrorAlert messageKey={error} />
      <p role="status" className="status">
        {notice}
      </p>
      {items === null ? (
        <p>{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('outbox.empty')}</p>
      ) : (
        <OutboxTable items={items} onRetry={(id) => void retry(id)} onOpenCase={onOpenCase} />
      )}
    </ModalDialog>
  );
}

function OutboxTable({
  items,
  onRetry,
  onOpenCase,
}: {
  items: OutboxItemView[];
  onRetry: (id: string) => void;
  onOpenCase: (caseId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = localeFor(i18n.language);
  return (
    <ScrollRegion label={t('outbox.title')}>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('outbox.columns.type')}</th>
            <th scope="col">{t('outbox.columns.state')}</th>
            <th scope="col">{t('outbox.columns.attempts')}</th>
            <th scope="col">{t('outbox.columns.next')}</th>
            <th scope="col">{t('outbox.columns.error')}</th>
            <th scope="col">{t('outbox.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid="outbox-item">
              <td>{outboxTypeText(t, item.type)}</td>
              <td>
                <span className={`badge outbox-${item.state}`}>
                  {item.state === 'failed' && <Icon name="error" />}
                  {t(`outbox.states.${item.state}`)}
                </span>
              </td>
              <td className="num">{item.attempts}</td>
              <td>
                {item.nextAttemptAt ? formatDateTime(item.nextAttemptAt, { locale }) : t('common.none')}
              </td>
              <td>{item.lastError ? deliveryErrorText(t, item.type, item.lastError) : t('common.none')}</td>
              <td className="cell-actions">
                {item.state === 'failed' && (
                  <button type="button" className="button button-small" onClick={() => onRetry(item.id)}>
                    {t('outbox.retry')}
                  </button>
                )}
                {item.caseId && (
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    onClick={() => item.caseId && onOpenCase(item.caseId)}
                  >
                    {t('outbox.openCase')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
