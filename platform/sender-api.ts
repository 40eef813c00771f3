import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authenticationTag, CryptoError } from '../main/fitconnect/crypto';
import { requireRole, senderSubmission } from './access';
import type { Principal } from './auth';
import type { PlatformContext } from './context';
import { ApiProblem } from './problems';
import { FIT_CONNECT } from './settings';
import { PartFileError } from './store/part-files';

export const createSubmissionInput = z.object({
  destinationId: z.uuid(),
  announcedAttachments: z
    .array(z.uuid())
    .default([])
    .refine(
      (ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length,
      'attachment ids must be unique',
    ),
  serviceType: z.object({ name: z.string().min(1).max(255), identifier: z.string().min(1).max(255) }),
  /** Adds the submission to an existing case (e.g. documents handed in later). */
  caseId: z.uuid().optional(),
});
export type CreateSubmissionInput = z.infer<typeof createSubmissionInput>;

export const submitSubmissionInput = z.object({
  encryptedMetadata: z.string().min(1),
  /** Absent for a submission without data (documents handed in later). */
  encryptedData: z.string().min(1).optional(),
});
export type SubmitSubmissionInput = z.infer<typeof submitSubmissionInput>;

export interface SubmissionRef {
  submissionId: string;
  caseId: string;
  destinationId: string;
}

export async function createSubmission(
  ctx: PlatformContext,
  principal: Principal,
  input: CreateSubmissionInput,
): Promise<SubmissionRef> {
  requireRole(principal, 'sender');
  const destination = ctx.destinations.find(input.destinationId);
  if (destination === undefined) {
    throw new ApiProblem('destination-not-found', `Destination ${input.destinationId} not found.`);
  }
  if (destination.status !== 'active') {
    throw new ApiProblem(
      'destination-state-invalid',
      `Destination ${input.destinationId} is ${destination.status}.`,
    );
  }
  if (!destination.services.some((service) => service.identifier === input.serviceType.identifier)) {
    throw new ApiProblem(
      'service-not-offered',
      `Destination ${input.destinationId} does not offer this service.`,
    );
  }
  const existing = input.caseId === undefined ? undefined : ctx.submissions.findCase(input.caseId);
  if (
    input.caseId !== undefined &&
    (existing?.destinationId !== destination.destinationId || existing.senderClientId !== principal.clientId)
  ) {
    throw new ApiProblem('case-not-found', `Case ${input.caseId} not found.`);
  }
  const ref = {
    submissionId: randomUUID(),
    caseId: existing?.caseId ?? randomUUID(),
    destinationId: destination.destinationId,
  };
  const created = await ctx.eventLog.sign({ ...ref, event: 'create-submission' });
  ctx.db.transaction(() => {
    ctx.submissions.insert(
      {
        ...ref,
        senderClientId: principal.clientId,
        serviceType: input.serviceType,
        status: 'incomplete',
        announcedAttachments: input.announcedAttachments.map((id) => id.toLowerCase()),
        createdAt: ctx.clock(),
      },
      existing === undefined,
    );
    ctx.eventLog.append(created);
  })();
  return ref;
}

export async function uploadAttachment(
  ctx: PlatformContext,
  principal: Principal,
  submissionId: string,
  attachmentId: string,
  body: AsyncIterable<Uint8Array>,
): Promise<void> {
  const submission = senderSubmission(ctx, principal, submissionId);
  const id = attachmentId.toLowerCase();
  if (submission.status !== 'incomplete') {
    throw new ApiProblem('submission-state-invalid', `Submission ${submissionId} is ${submission.status}.`);
  }
  if (!submission.announcedAttachments.includes(id)) {
    throw new ApiProblem('attachment-not-announced', `Attachment ${attachmentId} was not announced.`);
  }
  let stored: { file: string; tag: string; size: number };
  try {
    stored = await ctx.parts.store(submission.submissionId, body, ctx.limits.attachmentBytes);
  } catch (error) {
    if (error instanceof PartFileError) {
      throw new ApiProblem(error.code === 'too-large' ? 'payload-too-large' : 'invalid-jwe', error.message);
    }
    throw error;
  }
  const replaced = ctx.submissions.putAttachment(submission.submissionId, { attachmentId: id, ...stored });
  if (replaced === false) {
    await ctx.parts.remove(submission.submissionId, stored.file);
    throw new ApiProblem('submission-state-invalid', `Submission ${submissionId} is no longer incomplete.`);
  }
  if (replaced !== undefined) await ctx.parts.remove(submission.submissionId, replaced);
}

function tagOf(jwe: string, part: string): string {
  try {
    return authenticationTag(jwe);
  } catch (error) {
    if (error instanceof CryptoError)
      throw new ApiProblem('invalid-jwe', `The ${part} is not a JWE compact serialization.`);
    throw error;
  }
}

/** Completes a submission: every announced attachment must be there; `submit-submission` carries the real tags. */
export async function submitSubmission(
  ctx: PlatformContext,
  principal: Principal,
  submissionId: string,
  input: SubmitSubmissionInput,
): Promise<SubmissionRef> {
  const submission = senderSubmission(ctx, principal, submissionId);
  if (submission.status !== 'incomplete') {
    throw new ApiProblem('submission-state-invalid', `Submission ${submissionId} is ${submission.status}.`);
  }
  const uploaded = ctx.submissions.attachments(submission.submissionId);
  const missing = submission.announcedAttachments.filter(
    (id) => !uploaded.some((a) => a.attachmentId === id),
  );
  if (missing.length > 0) {
    throw new ApiProblem(
      'attachments-incomplete',
      `Announced attachments not uploaded: ${missing.join(', ')}.`,
    );
  }
  const authenticationTags = {
    metadata: tagOf(input.encryptedMetadata, 'metadata'),
    ...(input.encryptedData === undefined ? {} : { data: tagOf(input.encryptedData, 'data') }),
    attachments: Object.fromEntries(uploaded.map((attachment) => [attachment.attachmentId, attachment.tag])),
  };
  const ref = {
    submissionId: submission.submissionId,
    caseId: submission.caseId,
    destinationId: submission.destinationId,
  };
  const submitted = await ctx.eventLog.sign({
    ...ref,
    event: 'submit-submission',
    payload: { authenticationTags },
  });
  const applied = ctx.db.transaction(() => {
    if (
      !ctx.submissions.markSubmitted(
        ref.submissionId,
        input.encryptedMetadata,
        input.encryptedData,
        ctx.clock(),
      )
    ) {
      return false;
    }
    ctx.eventLog.append(submitted);
    return true;
  })();
  if (!applied)
    throw new ApiProblem('submission-state-invalid', `Submission ${submissionId} is no longer incomplete.`);
  ctx.callbacks.notify(FIT_CONNECT.newSubmissionsCallback, ref.destinationId, [ref]);
  return ref;
}
