import { type MouseEvent, memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListedCase } from '../../../shared/cases/types';
import { formatDate, formatDateTime } from '../../../shared/forms/format';
import { useDesk } from '../app/desk-context';
import { routeHash } from '../app/routes';
import { DeadlineBadge } from '../deadline/DeadlineBadge';
import { PickupReminder } from '../deadline/PickupReminder';
import { localeFor } from '../i18n';
import { WorkingBadge } from '../team/presence';
import { StatusBadge, statusText, VerificationBadge } from './CaseBadges';

export type RowEvent = (event: MouseEvent, index: number, row: ListedCase) => void;

/**
 * One case in the grid. Memoized: moving the active row or selecting one re-renders only the rows whose
 * state changed, which keeps keys and clicks immediate however many rows are on screen.
 */
export const GridRow = memo(function GridRow({
  row,
  index,
  top,
  height,
  selected,
  active,
  now,
  onRowClick,
  onCheckboxClick,
}: {
  row: ListedCase;
  index: number;
  /** Offset within the body, from the virtualizer. */
  top: number;
  height: number;
  selected: boolean;
  active: boolean;
  now: Date;
  onRowClick: RowEvent;
  onCheckboxClick: RowEvent;
}) {
  const { t, i18n } = useTranslation();
  const desk = useDesk();
  const locale = localeFor(i18n.language);
  const name = row.fileReference ?? row.applicantName;
  return (
    <tr
      id={`case-row-${index}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`grid-row${selected ? ' is-selected' : ''}${active ? ' is-active' : ''}`}
      style={{ transform: `translateY(${top}px)`, height }}
      onClick={(event) => onRowClick(event, index, row)}
      data-case-id={row.id}
    >
      <td className="cell cell-select">
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={t('inbox.selectRow', { name })}
          checked={selected}
          onChange={() => undefined}
          onClick={(event) => onCheckboxClick(event, index, row)}
        />
      </td>
      <td className="cell cell-receivedAt" title={formatDateTime(row.receivedAt, { locale })}>
        {formatDate(row.receivedAt, { locale })}
      </td>
      <td className="cell cell-serviceName" title={row.serviceName}>
        {row.serviceName}
      </td>
      <td className="cell cell-applicantName">
        <a href={routeHash({ screen: 'case', caseId: row.id })} tabIndex={-1}>
          {row.applicantName}
        </a>
      </td>
      <td className="cell cell-fileReference">
        {row.fileReference ?? <span className="muted">{t('case.noFileReference')}</span>}
      </td>
      <td className="cell cell-status" title={statusText(t, row.status, row.noticeDelivery)}>
        <StatusBadge status={row.status} noticeDelivery={row.noticeDelivery} />
      </td>
      <td className="cell cell-deadlineAt">
        <DeadlineBadge status={row.status} deadlineAt={row.deadlineAt} now={now} />{' '}
        <PickupReminder
          status={row.status}
          verification={row.verification}
          receivedAt={row.receivedAt}
          now={now}
        />
      </td>
      <td className="cell cell-assignee">
        {row.assignee === null ? (
          <span className="muted">{t('inbox.unassigned')}</span>
        ) : (
          desk.displayName(row.assignee)
        )}{' '}
        <WorkingBadge caseId={row.id} />
      </td>
      <td className="cell cell-verification">
        <VerificationBadge state={row.verification} short />
      </td>
    </tr>
  );
});
