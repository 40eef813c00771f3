import { useTranslation } from 'react-i18next';
import type { BescheidOnItsWay, CaseStatus, Verification } from '../../../shared/cases/types';
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

/** The case's status; "Bescheid versandt" only once it reached the citizen or went out by post. */
export function StatusBadge({
  status,
  noticeDelivery,
}: {
  status: CaseStatus;
  noticeDelivery?: BescheidOnItsWay | 'done' | null | undefined;
}) {
  const { t } = useTranslation();
  return status === 'notice_sent' && noticeDelivery && noticeDelivery !== 'done' ? (
    <span className={`status-badge status-${status}`} data-testid="notice-delivery-status">
      {t(`case.noticeDelivery.${noticeDelivery}`)}
    </span>
  ) : (
    <span className={`status-badge status-${status}`}>{t(`status.${status}`)}</span>
  );
}

/** The status in words, as the badge shows it (for a cell's title). */
export function statusText(
  t: (key: string) => string,
  status: CaseStatus,
  noticeDelivery?: BescheidOnItsWay,
): string {
  return status === 'notice_sent' && noticeDelivery
    ? t(`case.noticeDelivery.${noticeDelivery}`)
    : t(`status.${status}`);
}
