/** A whole submission, encrypted for its destination, sent in the sender's three steps. */
import type { Metadata } from '../metadata';
import type { SenderClient } from './client';
import type { CreatedSubmission } from './submission';

export interface EncryptedSubmission {
  serviceType: { name: string; identifier: string };
  /** Announced and uploaded: the attachment JWEs by id. */
  attachments: Map<string, string>;
  encryptedMetadata: string;
  encryptedData?: string;
  /** The plaintext metadata as sent. */
  metadata: Metadata;
}

export interface SentSubmission extends CreatedSubmission {
  destinationId: string;
  attachmentIds: string[];
  /** The plaintext metadata as sent. */
  metadata: Metadata;
}

/**
 * Create (announcing attachments), upload each attachment, submit metadata and data. `onCreated` runs before
 * anything is uploaded, so a sender can record the submission id and, after a crash, find out what became
 * of it instead of sending twice.
 */
export async function sendSubmission(
  client: SenderClient,
  destinationId: string,
  submission: EncryptedSubmission,
  caseId?: string,
  onCreated?: (created: CreatedSubmission) => void | Promise<void>,
): Promise<SentSubmission> {
  const attachmentIds = [...submission.attachments.keys()];
  const created = await client.createSubmission({
    destinationId,
    announcedAttachments: attachmentIds,
    serviceType: submission.serviceType,
    ...(caseId === undefined ? {} : { caseId }),
  });
  await onCreated?.(created);
  for (const [attachmentId, jwe] of submission.attachments) {
    await client.uploadAttachment(created.submissionId, attachmentId, jwe);
  }
  await client.submit(created.submissionId, {
    encryptedMetadata: submission.encryptedMetadata,
    ...(submission.encryptedData === undefined ? {} : { encryptedData: submission.encryptedData }),
  });
  return { ...created, destinationId, attachmentIds, metadata: submission.metadata };
}
