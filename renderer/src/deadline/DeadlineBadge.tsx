import { useTranslation } from 'react-i18next';
import type { DeadlineKind } from '../../../shared/cases/deadlines';
import type { CaseStatus } from '../../../shared/cases/types';
import { formatDate } from '../../../shared/forms/format';
import { localeFor } from '../i18n';
import { Icon } from '../ui/Icon';
import { deadlineLabel, deadlineState } from './deadline-state';

/** Days left or overdue; overdue stands out by icon, words and colour together. */
export function DeadlineBadge({
  status,
  deadlineAt,
  now,
  kind,
  long = false,
}: {
  status: CaseStatus;
  deadlineAt: string | null;
  now: Date;
  kind?: DeadlineKind;
  /** The case view names which deadline it is and its date. */
  long?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const state = deadlineState(status, deadlineAt, now, kind);
  if (state.kind === 'none') return <span className="muted">{t('deadline.none')}</span>;
  if (state.kind === 'settled') return <span className="muted">{t('deadline.settled')}</span>;
  const label = deadlineLabel(state);
  const soon = !state.overdue && state.daysLeft <= 2;
  return (
    <span
      className={state.overdue ? 'deadline deadline-overdue' : soon ? 'deadline deadline-soon' : 'deadline'}
    >
      {state.overdue ? <Icon name="warning" /> : <Icon name="clock" />}
      <span>
        {long && `${t(`deadline.kinds.${state.deadline}`)}: `}
        {t(label.key, { count: label.count })}
        {long &&
          ` (${t('deadline.until', { date: formatDate(state.at, { locale: localeFor(i18n.language) }) })})`}
      </span>
    </span>
  );
}
