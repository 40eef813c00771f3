/**
 * The Antragsübersicht of a case (all form data and the attachment list, rendered by main as PDF/A):
 * printed page for page, or saved as the PDF itself.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import { base64ToBytes } from '../files/base64';
import { ActionButton } from '../ui/ActionButton';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';
import { Icon } from '../ui/Icon';
import { savePdf } from './save-file';
import { usePrintPdf } from './usePrintPdf';

export function SummaryActions({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const printPdf = usePrintPdf();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);

  const run = async (use: (bytes: Uint8Array<ArrayBuffer>, filename: string) => Promise<void> | void) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const content = await api.call('cases.summaryPdf', { id: caseId });
      await use(base64ToBytes(content.base64), content.filename);
    } catch (err) {
      setError(errorKey(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="summary-actions" data-testid="summary-actions">
      <span className="summary-actions-label">{t('print.summary')}</span>
      <ActionButton
        className="button button-small"
        unavailable={busy}
        onPress={() => void run((bytes) => printPdf(bytes, t('print.summary')))}
      >
        {t('print.summaryPrint')}
      </ActionButton>
      <ActionButton
        className="button button-small button-quiet"
        unavailable={busy}
        onPress={() => void run((bytes, filename) => savePdf(bytes, filename))}
      >
        <Icon name="download" />
        {t('print.summarySave')}
      </ActionButton>
      <ErrorAlert messageKey={error} />
    </div>
  );
}
