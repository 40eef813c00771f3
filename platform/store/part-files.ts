import { randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '../../shared/coded-error';

export type PartFileErrorCode = 'too-large' | 'not-a-jwe';

const messages: Record<PartFileErrorCode, string> = {
  'too-large': 'The uploaded attachment exceeds the size limit.',
  'not-a-jwe': 'The uploaded attachment is not a JWE compact serialization.',
};

export class PartFileError extends CodedError<PartFileErrorCode> {
  constructor(code: PartFileErrorCode) {
    super(code, messages[code]);
    this.name = 'PartFileError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_COMPACT = /[^A-Za-z0-9_.-]/;
const HEADER_LIMIT = 16_384;
const TAG_LIMIT = 64;

/**
 * Checks, while bytes stream past, what a delivery service can see of a JWE without the key: five base64url
 * segments, a JSON object header with alg and enc, and a short final segment (the tag).
 */
class CompactShape {
  private dots = 0;
  private header = '';
  private tag = '';
  private valid = true;

  update(chunk: Uint8Array): void {
    const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    if (NOT_COMPACT.test(text)) this.valid = false;
    text.split('.').forEach((piece, index) => {
      if (index > 0) {
        this.dots++;
        this.tag = '';
      }
      if (this.dots === 0 && this.header.length <= HEADER_LIMIT) this.header += piece;
      if (this.tag.length <= TAG_LIMIT) this.tag += piece;
    });
    if (this.header.length > HEADER_LIMIT || this.dots > 4) this.valid = false;
  }

  /** The authentication tag when the whole upload had the shape of a compact JWE. */
  finish(): string | undefined {
    if (!this.valid || this.dots !== 4 || this.tag === '' || this.tag.length > TAG_LIMIT) return undefined;
    try {
      const header = JSON.parse(Buffer.from(this.header, 'base64url').toString('utf8')) as unknown;
      const { alg, enc } = (header ?? {}) as Record<string, unknown>;
      return typeof alg === 'string' && typeof enc === 'string' ? this.tag : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Attachment JWEs as files (they may exceed what a JS string or a SQLite row should hold), one per upload. */
export class PartFiles {
  constructor(private readonly root: string) {}

  private directory(submissionId: string): string {
    // Ids become path segments: only UUIDs may pass, whatever the caller checked.
    if (!UUID.test(submissionId)) throw new RangeError('part ids must be UUIDs');
    return join(this.root, submissionId.toLowerCase());
  }

  private path(submissionId: string, file: string): string {
    if (!UUID.test(file)) throw new RangeError('part ids must be UUIDs');
    return join(this.directory(submissionId), `${file}.jwe`);
  }

  /**
   * Streams an upload to disk under a new file id; the file appears only once the whole upload was a
   * well-formed JWE, with its authentication tag.
   */
  async store(
    submissionId: string,
    source: AsyncIterable<Uint8Array>,
    limit: number,
  ): Promise<{ file: string; tag: string; size: number }> {
    const file = randomUUID();
    const target = this.path(submissionId, file);
    await mkdir(this.directory(submissionId), { recursive: true });
    const partial = `${target}.partial`;
    const handle = await open(partial, 'w', 0o600);
    const shape = new CompactShape();
    let size = 0;
    try {
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > limit) throw new PartFileError('too-large');
        shape.update(chunk);
        await handle.write(chunk);
      }
      await handle.close();
      const tag = shape.finish();
      if (tag === undefined) throw new PartFileError('not-a-jwe');
      await rename(partial, target);
      return { file, tag, size };
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(partial, { force: true });
      throw error;
    }
  }

  open(submissionId: string, file: string): ReadStream {
    return createReadStream(this.path(submissionId, file));
  }

  async remove(submissionId: string, file: string): Promise<void> {
    await rm(this.path(submissionId, file), { force: true });
  }

  async removeSubmission(submissionId: string): Promise<void> {
    await rm(this.directory(submissionId), { recursive: true, force: true });
  }
}
