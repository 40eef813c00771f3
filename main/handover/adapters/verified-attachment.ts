/**
 * Streams an attachment while checking it against the size and SHA-512 recorded at intake: what the
 * specialist procedure receives is what was verified, or nothing. The stream throws `attachment-mismatch`
 * before it ends, so a consumer that stops on the error never completes a record with a changed file.
 * A vault file that fails its own integrity check (AES-GCM) is the same finding: permanent, not a write
 * failure to retry.
 */
import { createHash } from 'node:crypto';
import { VaultError } from '../../vault/errors';
import { HandoverError } from '../errors';
import type { HandoverAttachment } from '../types';

export interface AttachmentDigest {
  size: number;
  sha256: string;
  sha512: string;
}

/** The vault's findings that the file is not the one verified at intake (a read error may pass: retry). */
const DAMAGED: ReadonlySet<string> = new Set(['attachment-tampered', 'attachment-missing']);

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
  try {
    for await (const chunk of attachment.open() as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > attachment.size) throw mismatch();
      sha256.update(chunk);
      sha512.update(chunk);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof VaultError && DAMAGED.has(error.code)) throw mismatch();
    throw error;
  }
  const digest = { size, sha256: sha256.digest('hex'), sha512: sha512.digest('hex') };
  if (size !== attachment.size || digest.sha512 !== attachment.sha512) throw mismatch();
  onVerified(digest);
}
