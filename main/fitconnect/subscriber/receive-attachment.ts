import type { StoredAttachmentFile } from '../../../shared/cases/types';
import { SubscriberError } from '../client/errors';
import { type HttpResponse, trackBody } from '../client/http';
import { authenticationTag, CryptoError, type DecryptionKeys, parseProtectedHeader } from '../crypto';
import { decryptCompactStream } from '../crypto-stream';
import type { Decryption } from '../decrypt-pool';
import { sha512Hex } from '../hash';
import { type AttachmentWriter, VaultAttachmentSink } from './attachment-sink';
import { CONTENT_HEAD_BYTES } from './content-type';
import type { AttachmentFacts } from './verify-attachments';

export interface ReceivedAttachment {
  facts: AttachmentFacts;
  /** The vault file, only for an attachment that decrypted and matched the metadata's hash. */
  file?: StoredAttachmentFile;
}

export interface AttachmentTarget {
  attachmentId: string;
  /** The metadata's SHA-512; without it nothing is kept. */
  expectedSha512: string | undefined;
  keys: DecryptionKeys;
  decryption: Decryption;
  writer: AttachmentWriter;
  maxAttachmentBytes: number;
  /** JWEs up to this size are read whole (see `receiveAttachmentBody`). */
  bufferedAttachmentBytes: number;
  onBytes(bytes: number): void;
}

/**
 * Decrypts one downloaded attachment JWE into the vault. Small, uncompressed JWEs are read whole and
 * decrypted by jose on the decryption pool's threads; large or compressed ones stream through
 * `decryptCompactStream` here (only the key unwrap runs on the pool; memory is bounded, including the
 * DEFLATE limit). A transport failure throws `network-error` (to be retried); a part that does
 * not decrypt is a finding.
 */
export async function receiveAttachmentBody(
  response: HttpResponse,
  target: AttachmentTarget,
): Promise<ReceivedAttachment> {
  const body = trackBody(response.body, target.onBytes);
  const length = Number(response.headers['content-length']);
  try {
    if (Number.isSafeInteger(length) && length <= target.bufferedAttachmentBytes) {
      return await decryptWhole(await readWhole(body.chunks, length), target);
    }
    return await decryptStreamed(body.chunks, target);
  } catch (error) {
    // A transport failure inside the body surfaces as a decryption error: retry it, do not judge it.
    const failure = body.failure();
    if (failure !== undefined) throw failure;
    if (error instanceof CryptoError) {
      return { facts: { attachmentId: target.attachmentId, decrypted: false, code: error.code } };
    }
    throw error;
  }
}

async function readWhole(chunks: AsyncIterable<Buffer>, length: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > length) throw new SubscriberError('invalid-response');
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

async function decryptWhole(bytes: Buffer, target: AttachmentTarget): Promise<ReceivedAttachment> {
  const jwe = bytes.toString('latin1');
  // Compressed parts stream even when small: jose would inflate up to the limit in memory. (Only the header
  // segment is parsed here; decryptPart checks the whole serialization.)
  const dot = jwe.indexOf('.');
  if (parseProtectedHeader(dot === -1 ? jwe : jwe.slice(0, dot)).zip !== undefined) {
    return decryptStreamed(once(bytes), target);
  }
  const { plaintext, header } = await target.decryption.decryptPart(jwe, target.keys, {
    maxDecompressedLength: target.maxAttachmentBytes,
  });
  const sha512 = sha512Hex(plaintext);
  const file = sha512 === target.expectedSha512 ? await target.writer.write([plaintext]) : undefined;
  return {
    facts: {
      attachmentId: target.attachmentId,
      decrypted: true,
      sha512,
      size: plaintext.length,
      head: plaintext.subarray(0, CONTENT_HEAD_BYTES),
      contentType: header.cty,
      tag: authenticationTag(jwe),
    },
    ...(file === undefined ? {} : { file }),
  };
}

async function decryptStreamed(
  chunks: AsyncIterable<Uint8Array>,
  target: AttachmentTarget,
): Promise<ReceivedAttachment> {
  const sink = new VaultAttachmentSink(target.writer, target.expectedSha512);
  const result = await decryptCompactStream(chunks, target.keys, sink, {
    maxDecompressedLength: target.maxAttachmentBytes,
    unwrap: target.decryption.unwrap,
  });
  const { file, ...facts } = sink.outcome();
  return {
    facts: {
      attachmentId: target.attachmentId,
      decrypted: true,
      ...facts,
      contentType: result.header.cty,
      tag: result.authenticationTag,
    },
    ...(file === undefined ? {} : { file }),
  };
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}
