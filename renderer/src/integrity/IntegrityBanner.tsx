import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditIntegrity } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { Icon } from '../ui/Icon';
import { integrityFindings } from './integrity-text';

/**
 * Shown to everyone signed in while the audit trail's last check found damage: the records may be
 * incomplete, so nobody should rely on the history unknowingly. The data stays as it is.
 */
export function IntegrityBanner({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const [result, setResult] = useState<AuditIntegrity | null>(null);
  useEffect(() => {
    if (!signedIn) {
      setResult(null);
      return;
    }
    let current = true;
    api.call('integrity.status', {}).then(
      (value) => current && setResult(value),
      // Without an answer there is nothing to show; the check itself logged what it found.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, signedIn]);
  if (!result || result.intact) return null;
  return (
    <div role="alert" className="alert integrity-banner" data-testid="integrity-banner">
      <Icon name="error" />
      <div>
        <p>
          <strong>{t('integrity.title')}</strong>
        </p>
        {integrityFindings(t, result).map((line) => (
          <p key={line}>{line}</p>
        ))}
        <p>{t('integrity.whatToDo')}</p>
      </div>
    </div>
  );
}
