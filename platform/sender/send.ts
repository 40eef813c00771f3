import type { PlainAttachment } from '../../main/fitconnect/attachment-metadata';
import type { EncryptionKey } from '../../main/fitconnect/crypto';
import type { SenderClient } from '../../main/fitconnect/sender/client';
import { type SentSubmission, sendSubmission } from '../../main/fitconnect/sender/send';
import type { Random } from '../random';
import type { Application } from './application';
import { type ComposeOptions, composeLaterDocuments, composeSubmission } from './compose';

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
