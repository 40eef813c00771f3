import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseReceiptView } from '../../../main/api/contract';
import type { JsonObject } from '../../../shared/cases/types';
import { formatBytes, formatDateTime } from '../../../shared/forms/format';
import { useApi } from '../api/context';
import { localeFor } from '../i18n';
import { ActionButton } from '../ui/ActionButton';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';

/**
 * Where the case's records went: every hand-over to the Fachverfahren and every archive in the DMS, with
 * its state; delivered ones with their receipt (file, ids, checksum), failed ones with the reason and a
 * retry.
 */
export function ReceiptsPanel({
  receipts,
  onRetried,
}: {
  receipts: CaseReceiptView[];
  onRetried: () => void;
}) {
  const { t } = useTranslation();
  if (receipts.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="receipts-title" data-testid="receipts">
      <h2 id="receipts-title">{t('archive.receipts.title')}</h2>
      <ul className="receipt-list">
        {receipts.map((receipt, index) => (
          <ReceiptItem
            key={receipt.outboxItemId ?? `${receipt.kind}-${index}`}
            receipt={receipt}
            onRetried={onRetried}
          />
        ))}
      </ul>
    </section>
  );
}

function ReceiptItem({ receipt, onRetried }: { receipt: CaseReceiptView; onRetried: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const locale = localeFor(i18n.language);
  const [retryError, setRetryError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const facts = receiptFacts(receipt, (bytes) => formatBytes(bytes, { locale }));
  const retry = async () => {
    if (!receipt.outboxItemId || busy) return;
    setBusy(true);
    setRetryError(null);
    try {
      await api.call('outbox.retry', { id: receipt.outboxItemId });
      onRetried();
    } catch (err) {
      setRetryError(errorKey(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="receipt" data-testid={`receipt-${receipt.kind}`}>
      <p className="receipt-head">
        <strong>{t(`archive.receipts.kind.${receipt.kind}`)}</strong>{' '}
        <span className={`status-badge receipt-state receipt-${receipt.state}`}>
          {t(`archive.receipts.state.${receipt.state}`)}
        </span>
      </p>
      <dl className="facts">
        {receipt.deliveredAt && (
          <>
            <dt>{t('archive.receipts.deliveredAt')}</dt>
            <dd>{formatDateTime(receipt.deliveredAt, { locale })}</dd>
          </>
        )}
        {facts.map(([key, text]) => (
          <Fact key={key} label={t(`archive.receipts.facts.${key}`)} value={text} />
        ))}
        {receipt.errorCode && (
          <>
            <dt>{t('archive.receipts.reason')}</dt>
            <dd data-testid="receipt-reason">
              {t([`archive.errors.${receipt.errorCode}`, 'archive.errors.unknown'])}
              {receipt.errorMessage && <span className="receipt-detail muted">{receipt.errorMessage}</span>}
            </dd>
          </>
        )}
        {receipt.state === 'retrying' && receipt.nextAttemptAt && (
          <>
            <dt>{t('archive.receipts.nextAttempt')}</dt>
            <dd>{formatDateTime(receipt.nextAttemptAt, { locale })}</dd>
          </>
        )}
      </dl>
      {receipt.state === 'failed' && receipt.outboxItemId && (
        <ActionButton className="button button-small" unavailable={busy} onPress={() => void retry()}>
          {t('archive.receipts.retry')}
        </ActionButton>
      )}
      <ErrorAlert messageKey={retryError} />
    </li>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <code className="receipt-id">{value}</code>
      </dd>
    </>
  );
}

/** The receipt's facts worth quoting, in a fixed order, as [i18n key, text]. */
function receiptFacts(receipt: CaseReceiptView, bytes: (n: number) => string): [string, string][] {
  const r: JsonObject = receipt.receipt ?? {};
  const text = (key: string) =>
    typeof r[key] === 'string' || typeof r[key] === 'number' ? String(r[key]) : null;
  const facts: [string, string | null][] =
    receipt.kind === 'handover'
      ? [
          ['directory', text('directory')],
          ['responseId', text('responseId')],
          ['status', text('status')],
          ['submissionId', text('submissionId')],
          ['destinationId', text('destinationId')],
        ]
      : [
          ['fileName', text('fileName')],
          ['processId', text('processId')],
          ['sha256', text('sha256')],
          ['bytes', typeof r.bytes === 'number' ? bytes(r.bytes) : null],
          ['responseId', text('responseId')],
        ];
  return facts.filter((fact): fact is [string, string] => fact[1] !== null);
}
