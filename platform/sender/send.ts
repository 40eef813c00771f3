import type { EncryptionKey } from '../../main/fitconnect/crypto';
import type { Metadata } from '../../main/fitconnect/metadata';
import type { Random } from '../random';
import type { Application, PlainAttachment } from './application';
import type { SenderClient } from './client';
import {
  type ComposeOptions,
  composeLaterDocuments,
  composeSubmission,
  type EncryptedSubmission,
} from './compose';

export interface SentSubmission {
  submissionId: string;
  caseId: string;
  destinationId: string;
  attachmentIds: string[];
  /** The plaintext metadata as sent. */
  metadata: Metadata;
}

/**
 * The sender's three steps: create (announcing attachments), upload each attachment, submit metadata and data.
 * `onCreated` runs before anything is uploaded, so a sender can record the submission id and, after a crash,
 * find out what became of it instead of sending twice.
 */
export async function sendSubmission(
  client: SenderClient,
  destinationId: string,
  submission: EncryptedSubmission,
  caseId?: string,
  onCreated?: (created: { submissionId: string; caseId: string }) => void | Promise<void>,
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

export async function sendApplication(
  client: SenderClient,
  destinationId: string,
  app: Application,
  options: ComposeOptions & { key?: EncryptionKey },
): Promise<SentSubmission> {
  const key = options.key ?? (await client.encryptionKey(destinationId));
  return sendSubmission(client, destinationId, await composeSubmission(app, key, options));
}

/**
 * The `attachment-swapped` defect: two submissions to one destination, each carrying the other's first
 * attachment JWE under its own attachment id. Every part decrypts; only the hashes (and a receiver comparing
 * the metadata with the bytes) reveal the swap.
 */
export async function sendSwappedPair(
  client: SenderClient,
  destinationId: string,
  apps: [Application, Application],
  random: Random,
): Promise<[SentSubmission, SentSubmission]> {
  const key = await client.encryptionKey(destinationId);
  const first = await composeSubmission(apps[0], key, { random });
  const second = await composeSubmission(apps[1], key, { random });
  const [firstId] = first.attachments.keys();
  const [secondId] = second.attachments.keys();
  const firstJwe = firstId === undefined ? undefined : first.attachments.get(firstId);
  const secondJwe = secondId === undefined ? undefined : second.attachments.get(secondId);
  if (firstId === undefined || secondId === undefined || firstJwe === undefined || secondJwe === undefined) {
    throw new RangeError('both applications need an attachment to swap');
  }
  first.attachments.set(firstId, secondJwe);
  second.attachments.set(secondId, firstJwe);
  return [
    await sendSubmission(client, destinationId, first),
    await sendSubmission(client, destinationId, second),
  ];
}

/** Documents handed in later: a new submission under an existing case, attachments only. */
export async function sendLaterDocuments(
  client: SenderClient,
  target: { destinationId: string; caseId: string },
  app: Pick<Application, 'service' | 'metadataVersion' | 'senderReference' | 'applicationDate'>,
  documents: PlainAttachment[],
): Promise<SentSubmission> {
  const key = await client.encryptionKey(target.destinationId);
  return sendSubmission(
    client,
    target.destinationId,
    await composeLaterDocuments(app, documents, key),
    target.caseId,
  );
}
