import { createHash, type Hash } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import type { PlaintextSink } from './crypto-stream';

/** Collects plaintext in memory; the bytes are only handed out after the tag was verified. */
export class MemorySink implements PlaintextSink {
  private chunks: Uint8Array[] = [];
  private state: 'open' | 'committed' | 'aborted' = 'open';

  async write(chunk: Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new Error('MemorySink is closed');
    this.chunks.push(Uint8Array.from(chunk));
  }

  async commit(): Promise<void> {
    this.state = 'committed';
  }

  async abort(): Promise<void> {
    this.state = 'aborted';
    this.chunks = [];
  }

  /** The verified plaintext; throws while unverified or after an abort. */
  bytes(): Buffer {
    if (this.state !== 'committed') throw new Error('MemorySink holds no verified plaintext');
    return Buffer.concat(this.chunks);
  }
}

/**
 * Writes plaintext to `<path>.unverified` and renames it to `path` only on commit, so a file at `path` is
 * always authentic; on abort the partial file is removed. Hashes (SHA-512) while writing, so the caller can
 * compare with the metadata without reading the file again.
 */
export class FileSink implements PlaintextSink {
  private handle: FileHandle | undefined;
  private readonly hash: Hash = createHash('sha512');
  private digest: string | undefined;
  private length = 0;

  constructor(readonly path: string) {}

  private get partialPath(): string {
    return `${this.path}.unverified`;
  }

  private async opened(): Promise<FileHandle> {
    this.handle ??= await open(this.partialPath, 'w', 0o600);
    return this.handle;
  }

  async write(chunk: Uint8Array): Promise<void> {
    const handle = await this.opened();
    this.hash.update(chunk);
    this.length += chunk.length;
    await handle.write(chunk);
  }

  async commit(): Promise<void> {
    const handle = await this.opened();
    await handle.sync();
    await handle.close();
    this.handle = undefined;
    await rename(this.partialPath, this.path);
    this.digest = this.hash.digest('hex');
  }

  async abort(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
    await rm(this.partialPath, { force: true });
  }

  /** SHA-512 hex and size of the committed file. */
  result(): { sha512: string; size: number } {
    if (this.digest === undefined) throw new Error('FileSink has not been committed');
    return { sha512: this.digest, size: this.length };
  }
}
