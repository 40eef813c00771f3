import type { PlatformContext } from './context';
import { ApiProblem } from './problems';
import type { EventEntry } from './store/events';
import type { SubmissionRecord } from './store/submissions';

/**
 * Records accept or reject: the decision event and the status, in one transaction. The submission is deleted
 * (`delete-submission`) by the housekeeping when its deadline comes. One no longer awaiting a decision
 * answers 409.
 */
export function applyDecision(
  ctx: PlatformContext,
  submission: SubmissionRecord,
  decision: EventEntry,
  status: 'accepted' | 'rejected',
): void {
  const applied = ctx.db.transaction(() => {
    if (!ctx.submissions.decide(submission.submissionId, status, ctx.clock())) return false;
    ctx.events.append(decision);
    return true;
  })();
  if (!applied) {
    throw new ApiProblem(
      'submission-state-invalid',
      `Submission ${submission.submissionId} awaits no decision.`,
    );
  }
}
