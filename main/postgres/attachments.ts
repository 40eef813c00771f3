/**
 * Attachment contents in PostgreSQL, so one database backup holds everything. Each attachment has its own
 * random data key, stored wrapped (AES-256-GCM) with a key derived by HKDF from the service's master key.
 * The plaintext is cut into chunks (1 MiB by default), each sealed with AES-256-GCM under the data key; its
 * additional data names the attachment, the chunk's index and whether it is the last, so a chunk moved to
 * another attachment or place, a missing chunk and a cut-off end all fail the check. Both directions
 * stream chunk by chunk: a 1 GiB attachment never sits in memory.
 *
 * `write` stores all chunks and then the content row in one transaction, so a write that fails leaves
 * nothing behind. Reading fetches one chunk per query.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { VaultError } from '../vault/errors';
import type { AttachmentFiles } from '../vault/store-types';
import { PostgresStoreError } from './errors';
import { type DepartmentTransaction, inDepartmentTransaction } from './sql';

export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEK_INFO = 'antragsdesk/postgres/attachment-kek/v1';

export interface PostgresAttachmentOptions {
  /** Runs `work` in one transaction of the store's department. */
  run: <T>(work: (tx: DepartmentTransaction) => Promise<T>) => Promise<T>;
  /** The service's 32-byte master key. */
  masterKey: Uint8Array;
  now: () => Date;
  /** Plaintext bytes per chunk. */
  chunkBytes?: number;
}

interface ContentRow {
  wrappedKey: Buffer;
  chunks: number;
  size: string;
  sha512: string;
}

export function postgresAttachments(options: PostgresAttachmentOptions): AttachmentFiles {
  if (options.masterKey.byteLength !== KEY_BYTES) throw new PostgresStoreError('master-key-invalid');
  const kek = Buffer.from(hkdfSync('sha256', options.masterKey, Buffer.alloc(0), KEK_INFO, KEY_BYTES));
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const { run } = options;

  const openAttachmentStream = async (id: string): Promise<Readable> => {
    const content = await run(async (tx) => {
      const { rows } = await tx.db.query<ContentRow>(
        `SELECT wrapped_key AS "wrappedKey", chunks, size, sha512 FROM attachment_contents WHERE id = $1`,
        [id],
      );
      return rows[0];
    });
    if (!content) throw new VaultError('attachment-not-found', { attachmentId: id });
    const key = unwrapKey(kek, id, content.wrappedKey);
    return Readable.from(readChunks(run, id, key, content), { objectMode: false });
  };

  return {
    /**
     * Encrypts `source` into the database; store the result with the intake to make it part of a case.
     * The data key stays with the content; the returned key, nonce and tag are empty.
     */
    async write(source) {
      const id = randomUUID();
      const dataKey = randomBytes(KEY_BYTES);
      const hash = createHash('sha512');
      let size = 0;
      let sha512 = '';
      await run(async (tx) => {
        let index = 0;
        const store = async (plain: Buffer, last: boolean) => {
          await tx.db.query(
            'INSERT INTO attachment_chunks (attachment_id, chunk_index, department, data) VALUES ($1, $2, $3, $4)',
            [id, index, tx.department, sealChunk(dataKey, id, index, last, plain)],
          );
          index++;
        };
        // Pieces gather up to a chunk; a full chunk is held back until more data (or the end) tells
        // whether it is the last.
        let parts: Buffer[] = [];
        let held = 0;
        for await (const piece of source) {
          hash.update(piece);
          size += piece.length;
          parts.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
          held += piece.length;
          if (held <= chunkBytes) continue;
          let pending = Buffer.concat(parts, held);
          while (pending.length > chunkBytes) {
            await store(pending.subarray(0, chunkBytes), false);
            pending = pending.subarray(chunkBytes);
          }
          parts = [pending];
          held = pending.length;
        }
        await store(Buffer.concat(parts, held), true);
        sha512 = hash.digest('hex');
        await tx.db.query(
          `INSERT INTO attachment_contents (id, department, wrapped_key, chunk_bytes, chunks, size, sha512,
             created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, tx.department, wrapKey(kek, id, dataKey), chunkBytes, index, size, sha512, options.now()],
        );
      });
      const none = new Uint8Array(0);
      return { id, storagePath: id, size, sha512, key: none, nonce: none, tag: none };
    },

    /** The whole plaintext, returned only after every chunk, the size and the hash verified. */
    async readAttachment(id) {
      const parts: Buffer[] = [];
      for await (const part of await openAttachmentStream(id)) parts.push(part as Buffer);
      return Buffer.concat(parts);
    },

    /**
     * The plaintext as a stream, one verified chunk at a time. A chunk that fails its check, a missing
     * chunk or a wrong size or hash at the end error the stream with `attachment-tampered`: callers must
     * treat what came before as unverified until the stream ends.
     */
    openAttachmentStream,

    /** Deletes the contents of purged attachments (their chunks go with them). */
    async deleteFiles(storagePaths) {
      await run((tx) =>
        tx.db.query('DELETE FROM attachment_contents WHERE id = ANY ($1::text[])', [[...storagePaths]]),
      );
    },
  };
}

async function* readChunks(
  run: PostgresAttachmentOptions['run'],
  id: string,
  key: Buffer,
  content: ContentRow,
): AsyncGenerator<Buffer> {
  const hash = createHash('sha512');
  let size = 0;
  for (let index = 0; index < content.chunks; index++) {
    const data = await run(async (tx) => {
      const { rows } = await tx.db.query<{ data: Buffer }>(
        'SELECT data FROM attachment_chunks WHERE attachment_id = $1 AND chunk_index = $2',
        [id, index],
      );
      return rows[0]?.data;
    });
    if (!data) throw tampered(id, `chunk ${index} is missing`);
    const plain = openChunk(key, id, index, index === content.chunks - 1, data);
    hash.update(plain);
    size += plain.length;
    yield plain;
  }
  if (size !== Number(content.size) || hash.digest('hex') !== content.sha512) {
    throw tampered(id, 'size or hash differ');
  }
}

function sealChunk(key: Buffer, id: string, index: number, last: boolean, plain: Buffer): Buffer {
  const cipher = createCipheriv(ALGORITHM, key, chunkNonce(index));
  cipher.setAAD(chunkData(id, index, last));
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function openChunk(key: Buffer, id: string, index: number, last: boolean, sealed: Buffer): Buffer {
  if (sealed.length < TAG_BYTES) throw tampered(id, `chunk ${index} is cut short`);
  const decipher = createDecipheriv(ALGORITHM, key, chunkNonce(index));
  decipher.setAAD(chunkData(id, index, last));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch (cause) {
    throw new VaultError('attachment-tampered', { attachmentId: id, detail: `chunk ${index}` }, { cause });
  }
}

/** Each data key seals one attachment, so the chunk's index is a nonce that never repeats under it. */
function chunkNonce(index: number): Buffer {
  const nonce = Buffer.alloc(NONCE_BYTES);
  nonce.writeUInt32BE(index, NONCE_BYTES - 4);
  return nonce;
}

function chunkData(id: string, index: number, last: boolean): Buffer {
  return Buffer.from(`antragsdesk/attachment-chunk/v1/${id}/${index}/${last ? 'last' : 'more'}`, 'utf8');
}

function keyData(id: string): Buffer {
  return Buffer.from(`antragsdesk/attachment-key/v1/${id}`, 'utf8');
}

/** The data key sealed under the key-encryption key: nonce, ciphertext, tag. */
function wrapKey(kek: Buffer, id: string, dataKey: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, kek, nonce);
  cipher.setAAD(keyData(id));
  return Buffer.concat([nonce, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
}

function unwrapKey(kek: Buffer, id: string, wrapped: Buffer): Buffer {
  const decipher = createDecipheriv(ALGORITHM, kek, wrapped.subarray(0, NONCE_BYTES));
  decipher.setAAD(keyData(id));
  decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(wrapped.subarray(NONCE_BYTES, wrapped.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch (cause) {
    throw new VaultError(
      'attachment-unreadable',
      { attachmentId: id, detail: 'its data key does not open with this master key' },
      { cause },
    );
  }
}

function tampered(id: string, detail: string): VaultError {
  return new VaultError('attachment-tampered', { attachmentId: id, detail });
}

/**
 * Deletes contents that no attachment row refers to and that were written before `writtenBefore`: those of
 * an intake whose transaction failed after `write`. Contents written since may still be about to be
 * linked by another instance, so pass a time well before now (an hour). Answers how many went.
 */
export async function deleteOrphanContents(options: {
  pool: pg.Pool;
  department: string;
  writtenBefore: Date;
}): Promise<number> {
  const { rowCount } = await inDepartmentTransaction(options.pool, options.department, (tx) =>
    tx.db.query(
      `DELETE FROM attachment_contents c
       WHERE c.department = $1 AND c.created_at < $2
         AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.storage_path = c.id)`,
      [options.department, options.writtenBefore],
    ),
  );
  return rowCount ?? 0;
}
