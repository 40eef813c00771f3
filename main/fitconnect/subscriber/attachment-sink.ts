import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { StoredAttachmentFile } from '../../../shared/cases/types';
import type { PlaintextSink } from '../crypto-stream';
import { CONTENT_HEAD_BYTES } from './content-type';

/** The vault's encrypted attachment store, as far as the sink needs it. */
export interface AttachmentWriter {
  write(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<StoredAttachmentFile>;
}

export interface SinkResult {
  sha512: string;
  size: number;
  head: Uint8Array;
  /** The vault file: only when the GCM tag verified and the SHA-512 equals the expected one. */
  file?: StoredAttachmentFile;
}

class Discarded extends Error {
  constructor() {
    super('attachment discarded');
    this.name = 'Discarded';
  }
}

/**
 * Streams decrypted bytes into the vault's attachment store while hashing them (SHA-512). The vault write
 * is finished only on `commit` (after the GCM tag verified) and only when the hash equals the metadata's;
 * otherwise the write is broken off and the vault removes its partial file. One chunk is in flight at a
 * time, so memory stays bounded whatever the attachment's size.
 */
export class VaultAttachmentSink implements PlaintextSink {
  private readonly pipe = new PassThrough();
  private readonly stored: Promise<StoredAttachmentFile>;
  private readonly hash = createHash('sha512');
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  private size = 0;
  private result: SinkResult | undefined;

  /** `expectedSha512` undefined: nothing to compare with, so nothing is kept (the bytes are only hashed). */
  constructor(
    writer: AttachmentWriter,
    private readonly expectedSha512: string | undefined,
  ) {
    // A discard may come before the vault started reading; the reader still sees the error when it does.
    this.pipe.on('error', () => undefined);
    this.stored = writer.write(this.pipe);
    // Settled in commit/abort; until then a failure must not count as unhandled.
    this.stored.catch(() => undefined);
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.headLength < CONTENT_HEAD_BYTES) {
      const part = Buffer.from(chunk.subarray(0, CONTENT_HEAD_BYTES - this.headLength));
      this.headChunks.push(part);
      this.headLength += part.length;
    }
    if (!this.pipe.write(chunk)) {
      // A failing vault write stops reading: its error ends the wait instead of a drain that never comes.
      await Promise.race([once(this.pipe, 'drain'), this.stored]);
    }
  }

  async commit(): Promise<void> {
    const sha512 = this.hash.digest('hex');
    const facts = { sha512, size: this.size, head: Buffer.concat(this.headChunks) };
    if (sha512 !== this.expectedSha512) {
      await this.discard();
      this.result = facts;
      return;
    }
    this.pipe.end();
    this.result = { ...facts, file: await this.stored };
  }

  async abort(): Promise<void> {
    await this.discard();
  }

  /** Available after `commit`. */
  outcome(): SinkResult {
    if (this.result === undefined) throw new Error('the attachment sink was not committed');
    return this.result;
  }

  private async discard(): Promise<void> {
    this.pipe.destroy(new Discarded());
    await this.stored.catch(() => undefined);
  }
}
