import { memo, useMemo } from 'react';
import { Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { caseStatuses, verificationStates } from '../../../shared/cases/types';
import { useDesk } from '../app/desk-context';
import { DateField } from '../ui/DateField';
import { MultiSelectField, SelectField } from '../ui/SelectField';
import { actorOf } from './bulk-actions';
import type { InboxFilter } from './inbox-filter';

type Patch = (patch: Partial<InboxFilter>) => void;

/**
 * The inbox's filters (the search box is separate: it stays in view when the filters fold away).
 * Options and handlers keep their identity, and each field is memoized, so changing one filter
 * re-renders that field only: the fields are react-aria widgets and not cheap to render.
 */
export const FilterBar = memo(function FilterBar({
  filter,
  onChange,
}: {
  filter: InboxFilter;
  onChange: Patch;
}) {
  const { t } = useTranslation();
  const desk = useDesk();
  const { principal, colleagues, services } = desk;

  const options = useMemo(() => {
    // Only a team lead may list a colleague's cases; main refuses it for everyone else.
    const others = principal && actorOf(principal).isTeamLead ? colleagues : [];
    return {
      status: caseStatuses.map((status) => ({ id: status, label: t(`status.${status}`) })),
      service: services.map((service) => ({
        id: service.identifier,
        label: t('filters.serviceOption', { name: service.name, count: service.count }),
      })),
      assignee: [
        { id: 'all', label: t('filters.assignee.all') },
        { id: 'me', label: t('filters.assignee.me') },
        { id: 'unassigned', label: t('filters.assignee.unassigned') },
        { id: 'followed', label: t('filters.assignee.followed') },
        { id: 'covered', label: t('filters.assignee.covered') },
        ...others
          .filter((colleague) => colleague.userId !== principal?.userId)
          .map((colleague) => ({ id: colleague.userId, label: colleague.displayName })),
      ],
      verification: [
        { id: 'all', label: t('filters.any') },
        ...verificationStates.map((state) => ({ id: state, label: t(`verification.states.${state}`) })),
      ],
    };
  }, [t, principal, colleagues, services]);

  const handlers = useMemo(
    () => ({
      status: (status: string[]) => onChange({ status: status as InboxFilter['status'] }),
      service: (service: string[]) => onChange({ service }),
      receivedFrom: (receivedFrom: string | null) => onChange({ receivedFrom }),
      receivedTo: (receivedTo: string | null) => onChange({ receivedTo }),
      assignee: (assignee: string) => onChange({ assignee }),
      verification: (verification: string) =>
        onChange({ verification: verification as InboxFilter['verification'] }),
      overdue: (overdue: boolean) => onChange({ overdue }),
      finished: (finished: boolean) => onChange({ finished }),
    }),
    [onChange],
  );

  const count = (n: number) => (n === 0 ? t('filters.any') : t('filters.chosen', { count: n }));

  return (
    <div className="filter-bar">
      <MultiSelectField
        label={t('filters.status')}
        options={options.status}
        value={filter.status}
        onChange={handlers.status}
        summary={
          filter.status.length === 0 && !filter.finished ? t('filters.openWork') : count(filter.status.length)
        }
        testId="filter-status"
      />
      <MultiSelectField
        label={t('filters.service')}
        options={options.service}
        value={filter.service}
        onChange={handlers.service}
        summary={count(filter.service.length)}
        testId="filter-service"
      />
      <DateField
        label={t('filters.receivedFrom')}
        value={filter.receivedFrom}
        onChange={handlers.receivedFrom}
        testId="filter-received-from"
      />
      <DateField
        label={t('filters.receivedTo')}
        value={filter.receivedTo}
        onChange={handlers.receivedTo}
        testId="filter-received-to"
      />
      <SelectField
        label={t('filters.assignee.label')}
        options={options.assignee}
        value={filter.assignee}
        onChange={handlers.assignee}
        testId="filter-assignee"
      />
      <SelectField
        label={t('filters.verification')}
        options={options.verification}
        value={filter.verification}
        onChange={handlers.verification}
        testId="filter-verification"
      />
      <FlagFilter
        label={t('filters.overdue')}
        value={filter.overdue}
        onChange={handlers.overdue}
        testId="filter-overdue"
      />
      <FlagFilter
        label={t('filters.finished')}
        value={filter.finished}
        onChange={handlers.finished}
        testId="filter-finished"
      />
    </div>
  );
});

const FlagFilter = memo(function FlagFilter({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: boolean;
  onChange: (value: boolean) => void;
  testId: string;
}) {
  return (
    <Checkbox className={`checkbox ${testId}`} isSelected={value} onChange={onChange} data-testid={testId}>
      <span className="checkbox-box" aria-hidden="true" />
      {label}
    </Checkbox>
  );
});
