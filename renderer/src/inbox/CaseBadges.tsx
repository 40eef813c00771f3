import { useTranslation } from 'react-i18next';
import type { CaseStatus, Verification } from '../../../shared/cases/types';
import { Icon, type IconName } from '../ui/Icon';

const verificationIcons: Record<Verification, IconName> = {
  passed: 'ok',
  failed: 'error',
  pending: 'pending',
};

/** Verification state in words with an icon, never colour alone; `short` under a "Prüfung" heading. */
export function VerificationBadge({ state, short = false }: { state: Verification; short?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`verification verification-${state}`}>
      <Icon name={verificationIcons[state]} />
      {t(short ? `verification.${state}` : `verification.states.${state}`)}
    </span>
  );
}

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <span className={`status-badge status-${status}`}>{t(`status.${status}`)}</span>;
}
