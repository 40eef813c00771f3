import { useTranslation } from 'react-i18next';
import { pickupReminderDay } from '../../../shared/cases/deadlines';
import type { CaseStatus, Verification } from '../../../shared/cases/types';
import { Icon } from '../ui/Icon';

/** FITKO's reminder (day 3 or 9) for a case still in "Technische Prüfung"; nothing for any other case. */
export function PickupReminder({
  status,
  verification,
  receivedAt,
  now,
}: {
  status: CaseStatus;
  verification: Verification;
  receivedAt: string;
  now: Date;
}) {
  const { t } = useTranslation();
  const day = pickupReminderDay(status, verification, receivedAt, now);
  if (day === null) return null;
  return (
    <span className="deadline deadline-soon" data-testid="pickup-reminder">
      <Icon name="warning" />
      <span>{t('deadline.reminder', { day })}</span>
    </span>
  );
}
