import type { Principal } from './auth';
import type { PlatformContext } from './context';
import { ApiProblem } from './problems';
import type { ClientRole } from './store/clients';
import type { CaseRecord, SubmissionRecord } from './store/submissions';

/**
 * Who may see what. A subscriber sees only its destinations: asking about another destination by id is
 * forbidden (403); submissions and cases of other destinations do not exist for it (404), so ids leak nothing.
 */
export function requireRole(principal: Principal, role: ClientRole): void {
  if (principal.role !== role) throw new ApiProblem('forbidden', `This call needs a ${role} client.`);
}

export function requireDestination(principal: Principal, destinationId: string): void {
  if (principal.role === 'subscriber' && !principal.destinations.has(destinationId)) {
    throw new ApiProblem('forbidden', `Destination ${destinationId} is not subscribed by this client.`);
  }
}

export function subscriberSubmission(
  ctx: PlatformContext,
  principal: Principal,
  submissionId: string,
): SubmissionRecord {
  requireRole(principal, 'subscriber');
  const submission = ctx.submissions.find(submissionId);
  if (submission === undefined || !principal.destinations.has(submission.destinationId)) {
    throw new ApiProblem('submission-not-found', `Submission ${submissionId} not found.`);
  }
  return submission;
}

export function senderSubmission(
  ctx: PlatformContext,
  principal: Principal,
  submissionId: string,
): SubmissionRecord {
  requireRole(principal, 'sender');
  const submission = ctx.submissions.find(submissionId);
  if (
    submission === undefined ||
    submission.senderClientId !== principal.clientId ||
    submission.deletedAt !== undefined
  ) {
    throw new ApiProblem('submission-not-found', `Submission ${submissionId} not found.`);
  }
  return submission;
}

/** A case is visible to the subscriber of its destination and to the sender that opened it. */
export function visibleCase(ctx: PlatformContext, principal: Principal, caseId: string): CaseRecord {
  const found = ctx.submissions.findCase(caseId);
  const visible =
    found !== undefined &&
    (principal.role === 'subscriber'
      ? principal.destinations.has(found.destinationId)
      : found.senderClientId === principal.clientId);
  if (found === undefined || !visible) throw new ApiProblem('case-not-found', `Case ${caseId} not found.`);
  return found;
}
