/**
 * What a case's deadline means for the person looking at it: which deadline it is (the 14-day FIT-Connect
 * pickup before acceptance, the processing deadline after), how many whole days are left, and whether it
 * is overdue. Pure; the server's clock (`CaseListResult.now`) is passed in so every row is judged alike.
 */
import { type DeadlineKind, daysLeft, isBeforeAcceptance } from '../../../shared/cases/deadlines';
import { type CaseStatus, settledCaseStatuses } from '../../../shared/cases/types';

export type DeadlineState =
  | { kind: 'none' }
  | { kind: 'settled'; deadline: DeadlineKind }
  | { kind: 'open'; deadline: DeadlineKind; at: string; daysLeft: number; overdue: boolean };

export function deadlineState(
  status: CaseStatus,
  deadlineAt: string | null,
  now: Date,
  kind: DeadlineKind = isBeforeAcceptance(status) ? 'fitconnect-pickup' : 'processing',
): DeadlineState {
  if (deadlineAt === null) return { kind: 'none' };
  if (settledCaseStatuses.includes(status)) return { kind: 'settled', deadline: kind };
  const left = daysLeft(deadlineAt, now);
  return {
    kind: 'open',
    deadline: kind,
    at: deadlineAt,
    daysLeft: left,
    overdue: Date.parse(deadlineAt) < now.getTime(),
  };
}

/** The i18n key and count describing an open deadline: "noch 3 Tage", "heute fällig", "2 Tage überfällig". */
export function deadlineLabel(state: Extract<DeadlineState, { kind: 'open' }>): {
  key: string;
  count: number;
} {
  if (state.overdue) return { key: 'deadline.overdue', count: -state.daysLeft };
  if (state.daysLeft === 0) return { key: 'deadline.today', count: 0 };
  return { key: 'deadline.left', count: state.daysLeft };
}
