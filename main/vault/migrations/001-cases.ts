import type { Migration } from './index';

/** Cases, their submissions and attachments, notes, and the sync cursors. */
export const casesSchema: Migration = {
  version: 1,
  name: 'cases',
  up(db) {
    db.exec(`
      CREATE TABLE cases (
        -- Stable integer key: search rows point at it (an implicit rowid may change on VACUUM).
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        fit_case_id TEXT NOT NULL UNIQUE,
        department TEXT NOT NULL,
        destination_id TEXT NOT NULL,
        service_name TEXT NOT NULL,
        service_identifier TEXT NOT NULL,
        applicant_name TEXT NOT NULL,
        file_reference TEXT,
        status TEXT NOT NULL,
        received_at TEXT NOT NULL,
        deadline_at TEXT,
        assignee TEXT,
        verification TEXT NOT NULL CHECK (verification IN ('passed', 'failed', 'pending')),
        reply_channel TEXT,
        level_of_assurance TEXT,
        payment_status TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX cases_file_reference ON cases (file_reference);

      CREATE TABLE submissions (
        submission_id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        destination_id TEXT NOT NULL,
        platform_status TEXT NOT NULL,
        metadata TEXT NOT NULL,
        data TEXT NOT NULL,
        data_mime_type TEXT NOT NULL,
        submission_schema_uri TEXT NOT NULL,
        verification_report TEXT NOT NULL,
        authentication_tags TEXT,
        received_at TEXT NOT NULL
      );
      CREATE INDEX submissions_case ON submissions (case_id);

      CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        submission_id TEXT NOT NULL REFERENCES submissions (submission_id) ON DELETE CASCADE,
        attachment_id TEXT NOT NULL,
        filename TEXT NOT NULL,
        mime_type TEXT NOT NULL,
        purpose TEXT NOT NULL CHECK (purpose IN ('form', 'attachment', 'report')),
        size INTEGER NOT NULL,
        sha512 TEXT NOT NULL,
        enc_key BLOB NOT NULL,
        nonce BLOB NOT NULL,
        tag BLOB NOT NULL,
        storage_path TEXT NOT NULL UNIQUE,
        UNIQUE (submission_id, attachment_id)
      );

      CREATE TABLE notes (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX notes_case ON notes (case_id, created_at);

      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
