import type { PostgresMigration } from '../migrate';
import { isolateDepartments } from './004-row-security';

/**
 * Attachment contents in the database, so one backup holds everything: each attachment encrypted with its
 * own data key (kept wrapped with a key derived from the master key) in AES-256-GCM chunks. The content
 * row is written in the transaction of its chunks, after the last one; deleting it deletes them.
 */
export const attachmentsSchema: PostgresMigration = {
  version: 8,
  name: 'attachments',
  async up(db) {
    await db.query(`
      CREATE TABLE attachment_contents (
        id text PRIMARY KEY,
        department text NOT NULL CHECK (department <> ''),
        wrapped_key bytea NOT NULL,
        chunk_bytes integer NOT NULL CHECK (chunk_bytes > 0),
        chunks integer NOT NULL CHECK (chunks >= 1),
        size bigint NOT NULL,
        sha512 text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE TABLE attachment_chunks (
        attachment_id text NOT NULL
          REFERENCES attachment_contents (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        chunk_index integer NOT NULL CHECK (chunk_index >= 0),
        department text NOT NULL CHECK (department <> ''),
        data bytea NOT NULL,
        PRIMARY KEY (attachment_id, chunk_index)
      );
      -- Ciphertext does not compress: out of line without trying.
      ALTER TABLE attachment_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
    `);
    await isolateDepartments(db, ['attachment_contents', 'attachment_chunks']);
  },
};
