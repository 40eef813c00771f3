import type { Outbox } from '../../outbox';
import type { OutboxStore } from '../../outbox/store';
import type { SubmissionRow } from '../../vault';
import type { Transaction } from '../../vault/async';

/** A submission the platform still waits on: neither accepted nor rejected yet. */
export function awaitsDecision(submission: Pick<SubmissionRow, 'platformStatus'>): boolean {
  return submission.platformStatus === 'submitted' || submission.platformStatus === 'forwarded';
}

/**
 * Queues the technical receipt (accept-submission) or rejection (reject-submission) of one submission in the
 * caller's transaction; the outbox handler signs and posts it. Without a chosen problem, a rejection carries
 * every problem the verification report suggests. One item per submission and event, however often queued.
 */
export function queueSubmissionEvent(
  outbox: Pick<Outbox, 'enqueue'>,
  tx: Transaction<{ outbox: OutboxStore }>,
  item: {
    caseId: string;
    submissionId: string;
    event: 'accept-submission' | 'reject-submission';
    rejection?: { problem: string; text: string };
  },
): Promise<unknown> {
  return outbox.enqueue(tx, {
    type: 'fitconnect.event',
    idempotencyKey: `${item.event}:${item.submissionId}`,
    caseId: item.caseId,
    payload: {
      event: item.event,
      submissionId: item.submissionId,
      ...(item.rejection && { problem: item.rejection.problem, text: item.rejection.text }),
    },
  });
}
