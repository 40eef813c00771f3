import { rejectionProblem } from '../shared/fitconnect/problems';
import type { PlatformContext } from './context';
import { applyDecision } from './decisions';
import { ApiProblem } from './problems';
import { DAY_MS, FIT_CONNECT } from './settings';

/**
 * Rejects, in the delivery service's own name, every submission left unclaimed for 14 days in `submitted`
 * (by the injected clock). Returns how many it rejected.
 */
export async function rejectOverdue(ctx: PlatformContext): Promise<number> {
  const due = ctx.submissions.dueSince(ctx.clock() - FIT_CONNECT.autoRejectAfterDays * DAY_MS);
  let rejected = 0;
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
      await applyDecision(ctx, submission, decision, 'rejected');
      rejected++;
    } catch (error) {
      // Decided concurrently by its subscriber: nothing left to do.
      if (!(error instanceof ApiProblem && error.code === 'submission-state-invalid')) throw error;
    }
  }
  return rejected;
}
