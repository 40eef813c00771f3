/**
 * The inbox's filter as the person sets it, and its translation to `cases.list` input and back (saved
 * filters store the call's input). Received dates are the authority's calendar days (Europe/Berlin, as
 * everywhere in the desk), whatever zone the workstation has; the query's upper bound is exclusive, so
 * "bis 31.03." becomes "before 01.04., 00:00". Pure.
 */
import type { CaseListInput } from '../../../main/api/contract';
import { authorityCalendarDate, authorityDayStart } from '../../../shared/cases/authority-time';
import {
  type CaseSortColumn,
  type CaseStatus,
  caseStatuses,
  type Verification,
} from '../../../shared/cases/types';

export type SortDirection = 'asc' | 'desc';

/** Cases with no work left; the inbox shows them only when asked (`finished`) or chosen by status. */
export const finishedStatuses: readonly CaseStatus[] = ['closed', 'rejected', 'archived'];
/** The open work the inbox opens on: new, in progress, waiting. */
export const openStatuses: readonly CaseStatus[] = caseStatuses.filter(
  (status) => !finishedStatuses.includes(status),
);

export interface InboxFilter {
  /** Empty: every open status (or every status with `finished`). */
  status: CaseStatus[];
  /** Also closed, rejected and archived cases, when no status is chosen. */
  finished: boolean;
  /** Service identifiers (Leika). */
  service: string[];
  /** `YYYY-MM-DD`, inclusive. */
  receivedFrom: string | null;
  /** `YYYY-MM-DD`, inclusive. */
  receivedTo: string | null;
  /** `all`, `me`, `unassigned`, or a colleague's user id. */
  assignee: string;
  overdue: boolean;
  verification: Verification | 'all';
  text: string;
  sort: { column: CaseSortColumn; dir: SortDirection };
}

export const defaultFilter: InboxFilter = {
  status: [],
  finished: false,
  service: [],
  receivedFrom: null,
  receivedTo: null,
  assignee: 'all',
  overdue: false,
  verification: 'all',
  text: '',
  sort: { column: 'receivedAt', dir: 'desc' },
};

export function toListInput(filter: InboxFilter): CaseListInput {
  const input: CaseListInput = { sort: filter.sort };
  if (filter.status.length > 0) input.status = filter.status;
  else if (!filter.finished) input.status = [...openStatuses];
  if (filter.service.length > 0) input.service = filter.service;
  if (filter.receivedFrom) input.receivedFrom = authorityDayStart(filter.receivedFrom).toISOString();
  if (filter.receivedTo) input.receivedTo = authorityDayStart(filter.receivedTo, 1).toISOString();
  if (isTeamScope(filter.assignee)) input.scope = filter.assignee;
  else if (filter.assignee !== 'all') input.assignee = filter.assignee;
  if (filter.overdue) input.overdue = true;
  if (filter.verification !== 'all') input.verification = filter.verification;
  const text = filter.text.trim();
  if (text !== '') input.text = text;
  return input;
}

/** The person filter's team choices: the cases I follow, those of colleagues I cover for. */
const TEAM_SCOPES = ['followed', 'covered'] as const;
function isTeamScope(assignee: string): assignee is (typeof TEAM_SCOPES)[number] {
  return (TEAM_SCOPES as readonly string[]).includes(assignee);
}

/** A saved filter's query back into the form (the paging of the saved query, if any, is ignored). */
export function fromListInput(input: CaseListInput): InboxFilter {
  const openWork = sameStatuses(input.status ?? [], openStatuses);
  return {
    status: openWork ? [] : [...(input.status ?? [])],
    finished: input.status === undefined,
    service: [...(input.service ?? [])],
    receivedFrom: input.receivedFrom ? authorityCalendarDate(new Date(input.receivedFrom)) : null,
    // The bound is exclusive: the day it names is the one before.
    receivedTo: input.receivedTo ? authorityCalendarDate(new Date(Date.parse(input.receivedTo) - 1)) : null,
    assignee: input.scope ?? input.assignee ?? 'all',
    overdue: input.overdue ?? false,
    verification: input.verification ?? 'all',
    text: input.text ?? '',
    sort: input.sort ?? defaultFilter.sort,
  };
}

/**
 * How many filter fields (besides the search text) differ from the inbox's start (open work), for the
 * folded filter button.
 */
export function activeFilterCount(filter: InboxFilter): number {
  const { text: _text, sort: _sort, status: _status, ...fields } = toListInput(filter);
  const statusChanged = filter.status.length > 0 || filter.finished;
  return Object.keys(fields).length + (statusChanged ? 1 : 0);
}

/** True when anything but the start's open work narrows or widens the list (the sort order does not). */
export function isFiltered(filter: InboxFilter): boolean {
  return activeFilterCount(filter) > 0 || filter.text.trim() !== '';
}

function sameStatuses(a: readonly CaseStatus[], b: readonly CaseStatus[]): boolean {
  return a.length === b.length && b.every((status) => a.includes(status));
}
