import { rejectionProblem } from '../shared/fitconnect/problems';
import type { PlatformContext } from './context';
import { applyDecision } from './decisions';
import { ApiProblem } from './problems';
import { DAY_MS, FIT_CONNECT } from './settings';
import type { SubmissionRecord } from './store/submissions';

export interface HousekeepingResult {
  /** Notices to operators recorded (days 3 and 9). */
  reminded: number;
  /** Submissions rejected in the service's name (day 14). */
  rejected: number;
  /** Submissions deleted: decided ones 7 days after the decision, incomplete ones after 1 day. */
  deleted: number;
}

/**
 * FITKO's deadlines by the injected clock, days after a submission arrived: 3 and 9, a notice to the
 * destination's operator; 14, a reject in the delivery service's name; 7 days after any decision (so day 21
 * after an automatic reject), deletion; an incomplete submission is deleted 1 day after it was created. The
 * subscriber learns of the service's own events by callback, when its destination has one.
 */
export async function runHousekeeping(ctx: PlatformContext): Promise<HousekeepingResult> {
  const reminded = remindOperators(ctx);
  const rejected = await rejectOverdue(ctx);
  const deleted = await deleteExpired(ctx);
  return { reminded, rejected, deleted };
}

function remindOperators(ctx: PlatformContext): number {
  const now = ctx.clock();
  let recorded = 0;
  for (const day of FIT_CONNECT.reminderDays) {
    for (const submission of ctx.submissions.awaitingReminder(day, now - day * DAY_MS)) {
      const reminder = {
        destinationId: submission.destinationId,
        submissionId: submission.submissionId,
        caseId: submission.caseId,
        day,
        dueAt: (submission.submittedAt ?? now) + day * DAY_MS,
        recordedAt: now,
      };
      if (ctx.reminders.record(reminder)) recorded++;
    }
  }
  return recorded;
}

async function rejectOverdue(ctx: PlatformContext): Promise<number> {
  const due = ctx.submissions.dueSince(ctx.clock() - FIT_CONNECT.autoRejectAfterDays * DAY_MS);
  const rejected: SubmissionRecord[] = [];
  for (const submission of due) {
    const problem = rejectionProblem(
      FIT_CONNECT.autoRejectProblem,
      'submission',
      `Not picked up within ${FIT_CONNECT.autoRejectAfterDays} days.`,
    );
    const decision = await ctx.eventLog.sign({
      caseId: submission.caseId,
      submissionId: submission.submissionId,
      event: 'reject-submission',
      payload: { problems: [problem] },
    });
    try {
      applyDecision(ctx, submission, decision, 'rejected');
      rejected.push(submission);
    } catch (error) {
      // Decided concurrently by its subscriber: nothing left to do.
      if (!(error instanceof ApiProblem && error.code === 'submission-state-invalid')) throw error;
    }
  }
  ctx.callbacks.notifyEach(FIT_CONNECT.newEventsCallback, rejected);
  return rejected.length;
}

async function deleteExpired(ctx: PlatformContext): Promise<number> {
  const now = ctx.clock();
  const decided = ctx.submissions.decidedSince(now - FIT_CONNECT.deleteDecidedAfterDays * DAY_MS);
  const incomplete = ctx.submissions.incompleteSince(now - FIT_CONNECT.deleteIncompleteAfterDays * DAY_MS);
  const announced: SubmissionRecord[] = [];
  let count = 0;
  for (const submission of [...decided, ...incomplete]) {
    const deletion = await ctx.eventLog.sign({
      caseId: submission.caseId,
      submissionId: submission.submissionId,
      event: 'delete-submission',
    });
    const deleted = ctx.db.transaction(() => {
      if (!ctx.submissions.markDeleted(submission.submissionId, ctx.clock())) return false;
      ctx.eventLog.append(deletion);
      return true;
    })();
    if (!deleted) continue;
    count++;
    await ctx.parts.removeSubmission(submission.submissionId);
    // Its subscriber never saw an incomplete submission: only decided ones are announced.
    if (submission.status !== 'incomplete') announced.push(submission);
  }
  ctx.callbacks.notifyEach(FIT_CONNECT.newEventsCallback, announced);
  return count;
}
