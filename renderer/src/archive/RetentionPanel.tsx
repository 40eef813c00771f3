import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PurgeResult } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { DialogForm } from '../ui/DialogForm';

/**
 * For the Teamleitung: the retention run on demand. Cases whose archive in the DMS was confirmed longer ago
 * than the department profile's retention lose their local data (a stub stays); the app also does this
 * hourly. Deleting asks for confirmation first.
 */
export function RetentionPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<PurgeResult | null>(null);
  return (
    <section className="panel" aria-labelledby="retention-title" data-testid="retention">
      <h2 id="retention-title">{t('archive.retention.title')}</h2>
      <p>{t('archive.retention.intro')}</p>
      <button type="button" className="button" aria-haspopup="dialog" onClick={() => setConfirming(true)}>
        {t('archive.retention.run')}…
      </button>
      <p role="status" className="status">
        {result ? t('archive.retention.done', { count: result.purged, failed: result.failed }) : ''}
      </p>
      <DialogForm
        title={t('archive.retention.confirmTitle')}
        isOpen={confirming}
        onClose={() => setConfirming(false)}
        onSubmit={async () => {
          setResult(await api.call('archive.purgeDue', {}));
          return undefined;
        }}
        confirmLabel={t('archive.retention.confirm')}
        danger
        testId="retention-dialog"
      >
        <p>{t('archive.retention.confirmText')}</p>
      </DialogForm>
    </section>
  );
}
