import type { RetryPolicy } from '../../http/retry';
import { withRetries } from '../client/retry';
import type { Metadata } from '../metadata';
import type { AttachmentWriter } from './attachment-sink';
import type { DestinationConnection } from './connections';
import { type DecryptOutcome, decryptOutcome } from './decrypt-outcome';
import type { Limiter } from './limiter';
import { type ReceivedAttachment, receiveAttachmentBody } from './receive-attachment';
import type { SubmissionResource } from './submission-api';
import { checkMetadata, type MetadataFindings } from './verify-metadata';

/** A submission with every part downloaded and decrypted, before its report is built. */
export interface ReceivedSubmission {
  resource: SubmissionResource;
  metadata: MetadataFindings;
  /** Undefined when the submission carries no data part. */
  data: DecryptOutcome | undefined;
  attachments: ReceivedAttachment[];
  /** The case's event log (compact SETs), unverified. */
  eventLog: string[];
}

export interface ReceiveContext {
  connection: DestinationConnection;
  writer: AttachmentWriter;
  attachmentLimiter: Limiter;
  retry: RetryPolicy;
  maxDataBytes: number;
  maxAttachmentBytes: number;
  bufferedAttachmentBytes: number;
  /** Ciphertext bytes as they arrive, for progress. */
  onBytes(bytes: number): void;
}

/**
 * Downloads and decrypts everything of one submission: metadata and data in memory, attachments into the
 * vault (see receive-attachment.ts), and the case's event log. Verification findings are values; transport failures (after
 * retries), a vanished submission and disk failures throw, and nothing of the submission is kept then.
 */
export async function receiveSubmission(
  resource: SubmissionResource,
  context: ReceiveContext,
): Promise<ReceivedSubmission> {
  const { decryptionKeys: keys, decryption } = context.connection;
  // The event log does not depend on the parts: it is read while they are decrypted.
  const eventLog = context.connection.api.caseEvents(resource.caseId);
  eventLog.catch(() => undefined);
  const [metadataPart, data] = await Promise.all([
    decryptOutcome(resource.encryptedMetadata, keys, context.maxDataBytes, decryption),
    resource.encryptedData === undefined
      ? undefined
      : decryptOutcome(resource.encryptedData, keys, context.maxDataBytes, decryption),
  ]);
  const metadata = checkMetadata(metadataPart, resource.serviceType.identifier);
  // Settled one by one: a failing attachment must not leave the others writing in the background.
  const settled = await Promise.allSettled(
    resource.attachments.map((attachmentId) =>
      context.attachmentLimiter(() =>
        receiveAttachment(resource, attachmentId, expectedSha512(metadata.metadata, attachmentId), context),
      ),
    ),
  );
  const attachments: ReceivedAttachment[] = [];
  for (const outcome of settled) {
    if (outcome.status === 'rejected') throw outcome.reason;
    attachments.push(outcome.value);
  }
  return { resource, metadata, data, attachments, eventLog: await eventLog };
}

function expectedSha512(metadata: Metadata | undefined, attachmentId: string): string | undefined {
  return metadata?.contentStructure.attachments.find(
    (entry) => entry.attachmentId.toLowerCase() === attachmentId.toLowerCase(),
  )?.hash.content;
}

/** One attachment; a broken-off download is fetched again from the start. */
function receiveAttachment(
  resource: SubmissionResource,
  attachmentId: string,
  expectedSha512: string | undefined,
  context: ReceiveContext,
): Promise<ReceivedAttachment> {
  return withRetries(async () => {
    const response = await context.connection.api.openAttachment(resource.submissionId, attachmentId);
    return receiveAttachmentBody(response, {
      attachmentId,
      expectedSha512,
      keys: context.connection.decryptionKeys,
      decryption: context.connection.decryption,
      writer: context.writer,
      maxAttachmentBytes: context.maxAttachmentBytes,
      bufferedAttachmentBytes: context.bufferedAttachmentBytes,
      onBytes: context.onBytes,
    });
  }, context.retry);
}
