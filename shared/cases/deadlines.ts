/**
 * Deadlines a case worker must see: first the FIT-Connect pickup deadline (a submission left in `submitted`
 * is rejected automatically 14 days after it was submitted), then, once accepted, the service's processing
 * deadline from the department profile.
 */
import type { CaseStatus } from './types';

export const FIT_CONNECT_AUTO_REJECT_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export type DeadlineKind = 'fitconnect-pickup' | 'processing';

export interface Deadline {
  kind: DeadlineKind;
  at: string;
}

export function pickupDeadline(submittedAt: string): Deadline {
  return { kind: 'fitconnect-pickup', at: addDays(submittedAt, FIT_CONNECT_AUTO_REJECT_DAYS) };
}

export function processingDeadline(acceptedAt: string, processingDays: number): Deadline {
  return { kind: 'processing', at: addDays(acceptedAt, processingDays) };
}

/** Before formal acceptance only the pickup deadline counts. */
export function isBeforeAcceptance(status: CaseStatus): boolean {
  return status === 'new' || status === 'in_review';
}

/** Whole days left (negative when overdue), counted from `now`. */
export function daysLeft(deadlineAt: string, now: Date): number {
  return Math.floor((Date.parse(deadlineAt) - now.getTime()) / DAY_MS);
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}

/**
 * While a case waits, the date it waits for, beside the legal deadline (never instead of it): the
 * Wiedervorlage a person set, or the reply deadline given to the citizen with a Rückfrage.
 */
export interface FollowUp {
  kind: 'resubmission' | 'inquiry';
  at: string;
}

const FOLLOW_UPS = {
  resubmission: { action: 'case.resubmit', detail: 'resubmitAt' },
  inquiry: { action: 'case.inquire', detail: 'replyBy' },
} as const;

/** The follow-up of a waiting case: from the latest step (oldest first in `steps`) that made it wait. */
export function followUpOf(
  status: CaseStatus,
  steps: readonly { action: string; details: Readonly<Record<string, unknown>> }[],
): FollowUp | null {
  if (status !== 'resubmission' && status !== 'inquiry') return null;
  const { action, detail } = FOLLOW_UPS[status];
  const step = steps.findLast((entry) => entry.action === action);
  const at = step?.details[detail];
  return typeof at === 'string' ? { kind: status, at } : null;
}
