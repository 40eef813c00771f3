import type { ReadStream } from 'node:fs';
import { requireDestination, requireRole, subscriberSubmission, visibleCase } from './access';
import type { Principal } from './auth';
import type { PlatformContext } from './context';
import type { Paging } from './paging';
import { ApiProblem } from './problems';
import { PICKUP_STATUSES, type SubmissionRecord } from './store/submissions';

export interface SubmissionPage {
  offset: number;
  count: number;
  totalCount: number;
  submissions: { destinationId: string; submissionId: string; caseId: string }[];
}

export interface SubmissionView {
  submissionId: string;
  caseId: string;
  destinationId: string;
  serviceType: { name: string; identifier: string };
  encryptedMetadata: string;
  encryptedData?: string;
  attachments: string[];
}

export interface EventLogPage {
  offset: number;
  count: number;
  totalCount: number;
  eventLog: string[];
}

/** Submissions ready for pickup, of one destination or of all the client's destinations. */
export function listSubmissions(
  ctx: PlatformContext,
  principal: Principal,
  destinationId: string | undefined,
  paging: Paging,
): SubmissionPage {
  requireRole(principal, 'subscriber');
  if (destinationId !== undefined) requireDestination(principal, destinationId);
  const destinations = destinationId === undefined ? [...principal.destinations] : [destinationId];
  const { totalCount, items } = ctx.submissions.pickupPage(destinations, paging.offset, paging.limit);
  return { offset: paging.offset, count: items.length, totalCount, submissions: items };
}

/** Only while awaiting pickup: accepted, rejected or incomplete submissions answer 404, as FIT-Connect does. */
function pickupSubmission(
  ctx: PlatformContext,
  principal: Principal,
  submissionId: string,
): SubmissionRecord {
  const submission = subscriberSubmission(ctx, principal, submissionId);
  if (!PICKUP_STATUSES.includes(submission.status)) {
    throw new ApiProblem('submission-not-found', `Submission ${submissionId} is not available for pickup.`);
  }
  return submission;
}

export function getSubmission(
  ctx: PlatformContext,
  principal: Principal,
  submissionId: string,
): SubmissionView {
  const submission = pickupSubmission(ctx, principal, submissionId);
  return {
    submissionId: submission.submissionId,
    caseId: submission.caseId,
    destinationId: submission.destinationId,
    serviceType: submission.serviceType,
    encryptedMetadata: submission.encryptedMetadata ?? '',
    ...(submission.encryptedData === undefined ? {} : { encryptedData: submission.encryptedData }),
    attachments: submission.announcedAttachments,
  };
}

export function openAttachment(
  ctx: PlatformContext,
  principal: Principal,
  submissionId: string,
  attachmentId: string,
): { stream: ReadStream; size: number } {
  const submission = pickupSubmission(ctx, principal, submissionId);
  const attachment = ctx.submissions
    .attachments(submission.submissionId)
    .find((stored) => stored.attachmentId === attachmentId.toLowerCase());
  if (attachment === undefined)
    throw new ApiProblem('attachment-not-found', `Attachment ${attachmentId} not found.`);
  return { stream: ctx.parts.open(submission.submissionId, attachment.file), size: attachment.size };
}

export function caseEvents(
  ctx: PlatformContext,
  principal: Principal,
  caseId: string,
  paging: Paging,
): EventLogPage {
  const found = visibleCase(ctx, principal, caseId);
  const { totalCount, tokens } = ctx.events.page(found.caseId, paging.offset, paging.limit);
  return { offset: paging.offset, count: tokens.length, totalCount, eventLog: tokens };
}
