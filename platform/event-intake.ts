import { createPublicKey } from 'node:crypto';
import { compareAuthenticationTags } from '../main/fitconnect/authentication-tags';
import { authenticationTag } from '../main/fitconnect/crypto';
import { type DecodedSet, SetError, verifySet } from '../main/fitconnect/set';
import { ProblemError, parseKnownProblem } from '../shared/fitconnect/problems';
import { requireRole, visibleCase } from './access';
import type { Principal } from './auth';
import type { PlatformContext } from './context';
import { applyDecision } from './decisions';
import { ApiProblem } from './problems';
import { PICKUP_STATUSES } from './store/submissions';

/**
 * `POST /cases/{caseId}/events`: a subscriber accepts or rejects. The token must be a valid SET signed with a
 * signature key registered for the case's destination (422 otherwise); the submission must await a decision
 * (409 otherwise); an accept must carry exactly the authentication tags of what was delivered (422).
 */
export async function postCaseEvent(
  ctx: PlatformContext,
  principal: Principal,
  caseId: string,
  token: string,
): Promise<void> {
  requireRole(principal, 'subscriber');
  const found = visibleCase(ctx, principal, caseId);
  let verified: DecodedSet;
  try {
    verified = await verifySet(token, ({ kid, issuer }) => {
      if (issuer !== found.destinationId) return undefined;
      const key = ctx.destinations.key(found.destinationId, kid);
      return key?.purpose === 'signature'
        ? createPublicKey({ key: key.jwk as never, format: 'jwk' })
        : undefined;
    });
  } catch (error) {
    if (error instanceof SetError)
      throw new ApiProblem('invalid-event', `Event token refused: ${error.code}.`);
    throw error;
  }
  const { claims } = verified;
  if (claims.caseId !== found.caseId) throw new ApiProblem('invalid-event', 'txn does not name this case.');
  if (claims.event !== 'accept-submission' && claims.event !== 'reject-submission') {
    throw new ApiProblem('invalid-event', `A subscriber cannot post ${claims.event}.`);
  }
  const submission = ctx.submissions.find(claims.submissionId);
  if (submission === undefined || submission.caseId !== found.caseId) {
    throw new ApiProblem('invalid-event', 'sub does not name a submission of this case.');
  }
  if (ctx.events.hasJti(claims.jti)) throw new ApiProblem('invalid-event', 'jti was used before.');
  if (!PICKUP_STATUSES.includes(submission.status)) {
    throw new ApiProblem(
      'submission-state-invalid',
      `Submission ${submission.submissionId} is ${submission.status}.`,
    );
  }
  if (claims.event === 'accept-submission') {
    const tags = claims.payload.authenticationTags;
    if (tags === undefined)
      throw new ApiProblem('invalid-event', 'accept-submission needs authenticationTags.');
    const delivered = {
      // Both JWEs passed authenticationTag() at submit, so they parse here.
      metadata: authenticationTag(submission.encryptedMetadata ?? ''),
      ...(submission.encryptedData === undefined
        ? {}
        : { data: authenticationTag(submission.encryptedData) }),
      attachments: Object.fromEntries(
        ctx.submissions
          .attachments(submission.submissionId)
          .map((stored) => [stored.attachmentId, stored.tag]),
      ),
    };
    const mismatches = compareAuthenticationTags(delivered, tags);
    if (mismatches.length > 0) {
      throw new ApiProblem(
        'invalid-event',
        `authenticationTags differ for: ${mismatches.map((m) => m.attachmentId ?? m.part).join(', ')}.`,
      );
    }
  } else {
    const problems = claims.payload.problems;
    if (problems === undefined) throw new ApiProblem('invalid-event', 'reject-submission needs problems.');
    try {
      for (const problem of problems) parseKnownProblem(problem);
    } catch (error) {
      if (error instanceof ProblemError)
        throw new ApiProblem('invalid-event', `A problem is refused: ${error.code}.`);
      throw error;
    }
  }
  const decision = {
    caseId: found.caseId,
    submissionId: submission.submissionId,
    event: claims.event,
    jti: claims.jti,
    token,
    createdAt: ctx.clock(),
  };
  applyDecision(ctx, submission, decision, claims.event === 'accept-submission' ? 'accepted' : 'rejected');
}
