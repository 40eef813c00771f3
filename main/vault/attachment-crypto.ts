/**
 * AES-256-GCM for attachment files, as streams. Each file has its own random key and nonce; the vault id
 * is bound in as additional data, so a file cannot be passed off under another attachment's row.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
export const NONCE_BYTES = 12;
const KEY_BYTES = 32;

export interface SealedFacts {
  key: Buffer;
  nonce: Buffer;
  tag: Buffer;
  size: number;
  /** SHA-512 of the plaintext, lowercase hex. */
  sha512: string;
}

function additionalData(id: string): Buffer {
  return Buffer.from(`antragsdesk/attachment/v1/${id}`, 'utf8');
}

/** Encrypts a stream; `facts()` is available once the ciphertext has been consumed to its end. */
export class Sealer {
  private readonly key = randomBytes(KEY_BYTES);
  private readonly nonce = randomBytes(NONCE_BYTES);
  private readonly hash = createHash('sha512');
  private size = 0;
  private result: SealedFacts | null = null;

  constructor(private readonly id: string) {}

  async *seal(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Buffer> {
    const cipher = createCipheriv(ALGORITHM, this.key, this.nonce);
    cipher.setAAD(additionalData(this.id));
    for await (const chunk of source) {
      this.hash.update(chunk);
      this.size += chunk.length;
      yield cipher.update(chunk);
    }
    yield cipher.final();
    this.result = {
      key: this.key,
      nonce: this.nonce,
      tag: cipher.getAuthTag(),
      size: this.size,
      sha512: this.hash.digest('hex'),
    };
  }

  facts(): SealedFacts {
    if (!this.result) throw new Error('the attachment stream was not consumed to its end');
    return this.result;
  }
}

/**
 * Decrypts a stream. Chunks are yielded as they are decrypted, before the tag is checked: the generator
 * throws `onTampered()` at the end when the tag, size or hash do not match, and `onUnreadable()` when the
 * source fails. A consumer must treat the data as unverified until the generator has finished.
 */
export async function* unseal(
  source: AsyncIterable<Buffer>,
  id: string,
  facts: SealedFacts,
  errors: { onTampered(cause?: unknown): Error; onUnreadable(cause: unknown): Error },
): AsyncGenerator<Buffer> {
  const decipher = createDecipheriv(ALGORITHM, facts.key, facts.nonce);
  decipher.setAAD(additionalData(id));
  decipher.setAuthTag(facts.tag);
  const hash = createHash('sha512');
  let size = 0;
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw errors.onUnreadable(error);
      }
      if (next.done) break;
      const plain = decipher.update(next.value);
      hash.update(plain);
      size += plain.length;
      if (size > facts.size) throw errors.onTampered();
      yield plain;
    }
  } finally {
    // Closes the file when the consumer stops early or an error ends the loop.
    await iterator.return?.();
  }
  let rest: Buffer;
  try {
    rest = decipher.final();
  } catch (error) {
    throw errors.onTampered(error);
  }
  hash.update(rest);
  if (size + rest.length !== facts.size || hash.digest('hex') !== facts.sha512) throw errors.onTampered();
  if (rest.length > 0) yield rest;
}
