import type { PlatformContext } from './context';
import { ApiProblem } from './problems';
import type { EventEntry } from './store/events';
import type { SubmissionRecord } from './store/submissions';

/**
 * Records accept or reject: the decision event, the status, and `delete-submission`, in one transaction; then
 * removes the stored ciphertext. A submission no longer awaiting a decision answers 409.
 */
export async function applyDecision(
  ctx: PlatformContext,
  submission: SubmissionRecord,
  decision: EventEntry,
  status: 'accepted' | 'rejected',
): Promise<void> {
  const ref = { caseId: submission.caseId, submissionId: submission.submissionId };
  const deleted = await ctx.eventLog.sign({ ...ref, event: 'delete-submission' });
  const applied = ctx.db.transaction(() => {
    if (!ctx.submissions.decide(submission.submissionId, status, ctx.clock())) return false;
    ctx.events.append(decision);
    ctx.eventLog.append(deleted);
    return true;
  })();
  if (!applied) {
    throw new ApiProblem(
      'submission-state-invalid',
      `Submission ${submission.submissionId} awaits no decision.`,
    );
  }
  await ctx.parts.removeSubmission(submission.submissionId);
}
