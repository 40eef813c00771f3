import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntegrityReport } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';
import { integrityFindings } from './integrity-text';

/** For Administration: the whole audit trail and the database file checked now. */
export function IntegrityPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const [report, setReport] = useState<IntegrityReport | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setReport(await api.call('integrity.check', {}));
    } catch (err) {
      setError(errorKey(err));
    } finally {
      setRunning(false);
    }
  };
  const findings = report ? integrityFindings(t, report.audit) : [];
  const sound = report?.audit.intact === true && report.database.ok;
  return (
    <section className="panel" aria-labelledby="integrity-title" data-testid="integrity">
      <h2 id="integrity-title">{t('integrity.panelTitle')}</h2>
      <p>{t('integrity.intro')}</p>
      <button type="button" className="button" disabled={running} onClick={() => void run()}>
        {t('integrity.run')}
      </button>
      <ErrorAlert messageKey={error} />
      <div role="status" className="status">
        {report && sound && <p>{t('integrity.sound', { count: report.audit.entries })}</p>}
        {report && !sound && (
          <>
            {findings.map((line) => (
              <p key={line}>{line}</p>
            ))}
            {!report.database.ok && (
              <p>{t('integrity.databaseDamaged', { count: report.database.findings.length })}</p>
            )}
            <p>{t('integrity.whatToDo')}</p>
          </>
        )}
      </div>
    </section>
  );
}
