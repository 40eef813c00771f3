/**
 * Attachment files, encrypted, outside the database. A file is named by a random id, never by what the
 * sender called it; key, nonce, tag, size and hash live in the (encrypted) database row.
 *
 * Writing and linking are two steps: `write` streams a file to disk, then the caller stores the returned
 * facts with the intake in one transaction. A file whose row never committed (or was replaced) is an
 * orphan and is removed by `sweepOrphanAttachments` when the vault opens.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, unlinkSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { StoredAttachmentFile } from '../../shared/cases/types';
import { writeFileAtomic } from '../files/atomic';
import { errnoOf } from '../files/errors';
import { type SealedFacts, Sealer, unseal } from './attachment-crypto';
import { VaultError, type VaultErrorSubject } from './errors';
import { prepared, reportDamageAs, type SqliteDatabase } from './sql';

const STORED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TEMP_PREFIX = '.tmp-';

interface AttachmentLocation extends SealedFacts {
  storagePath: string;
  caseId: string;
  fileReference: string | null;
}

export class AttachmentStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly dir: string,
  ) {}

  /** Encrypts `source` into a new file; store the result with the intake to make it part of a case. */
  async write(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<StoredAttachmentFile> {
    const id = randomUUID();
    const sealer = new Sealer(id);
    await writeFileAtomic(join(this.dir, id), sealer.seal(source));
    return { id, storagePath: id, ...sealer.facts() };
  }

  /**
   * The whole plaintext, returned only after the tag, size and hash verified. For files that fit in memory;
   * use `openAttachmentStream` for large ones.
   */
  async readAttachment(id: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.openAttachmentStream(id)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /**
   * The plaintext as a stream. Chunks arrive before the GCM tag can be checked: callers must treat the
   * data as unverified until the stream ends, and discard it if the stream errors. A failed check errors
   * the stream with `attachment-tampered` instead of ending it.
   */
  async openAttachmentStream(id: string): Promise<Readable> {
    const location = this.locate(id);
    const subject: VaultErrorSubject = {
      caseId: location.caseId,
      fileReference: location.fileReference,
      attachmentId: id,
    };
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(join(this.dir, location.storagePath), 'r');
    } catch (error) {
      const code = errnoOf(error) === 'ENOENT' ? 'attachment-missing' : 'attachment-unreadable';
      throw new VaultError(code, subject, { cause: error });
    }
    // GCM ciphertext is as long as the plaintext: a truncated or padded file fails before any byte is read.
    const { size } = await handle.stat();
    if (size !== location.size) {
      await handle.close();
      throw new VaultError('attachment-tampered', subject);
    }
    return Readable.from(
      unseal(handle.createReadStream(), id, location, {
        onTampered: (cause) => new VaultError('attachment-tampered', subject, { cause }),
        onUnreadable: (cause) => new VaultError('attachment-unreadable', subject, { cause }),
      }),
      { objectMode: false },
    );
  }

  /**
   * Deletes stored files whose rows are gone (a purged case's attachments). Call after the transaction that
   * removed the rows has committed; a file already missing is fine.
   */
  async deleteFiles(storagePaths: readonly string[]): Promise<void> {
    for (const path of storagePaths) {
      if (!STORED_NAME.test(path)) throw new VaultError('vault-invalid-input', { detail: 'storage path' });
      await rm(join(this.dir, path), { force: true });
    }
  }

  private locate(id: string): AttachmentLocation {
    const row = reportDamageAs(
      { attachmentId: id },
      () =>
        prepared(
          this.db,
          `SELECT a.storage_path AS storagePath, a.enc_key AS key, a.nonce, a.tag, a.size, a.sha512,
             c.id AS caseId, c.file_reference AS fileReference
           FROM attachments a
           JOIN submissions s ON s.submission_id = a.submission_id
           JOIN cases c ON c.id = s.case_id
           WHERE a.id = ?`,
        ).get(id) as AttachmentLocation | undefined,
    );
    if (!row) throw new VaultError('attachment-not-found', { attachmentId: id });
    return row;
  }
}

/**
 * Removes attachment files no row refers to: leftovers of writes whose transaction never committed,
 * replaced attachments, deleted cases. Only safe while nothing is being written, so the vault runs it
 * when it opens and it is not part of the public interface.
 */
export function sweepOrphanAttachments(db: SqliteDatabase, dir: string): void {
  const rows = prepared(db, 'SELECT storage_path AS path FROM attachments').all() as { path: string }[];
  const referenced = new Set(rows.map((row) => row.path));
  for (const name of readdirSync(dir)) {
    if (referenced.has(name) || !(STORED_NAME.test(name) || name.startsWith(TEMP_PREFIX))) continue;
    unlinkSync(join(dir, name));
  }
}
