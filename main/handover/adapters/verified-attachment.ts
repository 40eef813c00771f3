/**
 * Streams an attachment while checking it against the size and SHA-512 recorded at intake: what the
 * specialist procedure receives is what was verified, or nothing. The stream throws `attachment-mismatch`
 * before it ends, so a consumer that stops on the error never completes a record with a changed file.
 */
import { createHash } from 'node:crypto';
import { HandoverError } from '../errors';
import type { HandoverAttachment } from '../types';

export interface AttachmentDigest {
  size: number;
  sha256: string;
  sha512: string;
}

export async function* verifiedAttachment(
  attachment: HandoverAttachment,
  caseId: string,
  onVerified: (digest: AttachmentDigest) => void = () => undefined,
): AsyncGenerator<Uint8Array> {
  const mismatch = () =>
    new HandoverError('attachment-mismatch', { caseId, attachmentId: attachment.attachmentId });
  const sha256 = createHash('sha256');
  const sha512 = createHash('sha512');
  let size = 0;
  for await (const chunk of attachment.open() as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > attachment.size) throw mismatch();
    sha256.update(chunk);
    sha512.update(chunk);
    yield chunk;
  }
  const digest = { size, sha256: sha256.digest('hex'), sha512: sha512.digest('hex') };
  if (size !== attachment.size || digest.sha512 !== attachment.sha512) throw mismatch();
  onVerified(digest);
}
