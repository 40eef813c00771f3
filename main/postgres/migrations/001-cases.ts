import type { PostgresMigration } from '../migrate';

/**
 * Cases, their submissions, attachment descriptions and notes: the vault's tables, each row carrying its
 * department, which row security (migration 4) compares with the transaction's. JSON columns are `json`,
 * which keeps the text as given (key order included). An Aktenzeichen is unique within its department.
 */
export const casesSchema: PostgresMigration = {
  version: 1,
  name: 'cases',
  async up(db) {
    await db.query(`
      CREATE TABLE cases (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        fit_case_id text NOT NULL,
        department text NOT NULL CHECK (department <> ''),
        destination_id text NOT NULL,
        service_name text NOT NULL,
        service_identifier text NOT NULL,
        applicant_name text NOT NULL,
        file_reference text,
        status text NOT NULL,
        received_at timestamptz NOT NULL,
        deadline_at timestamptz,
        assignee text,
        verification text NOT NULL CHECK (verification IN ('passed', 'failed', 'pending')),
        reply_channel json,
        level_of_assurance text,
        payment_status text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1,
        -- Flattened form values of the case's submissions, written by the intake (search, migration 2).
        form_text text NOT NULL DEFAULT '',
        CONSTRAINT cases_fit_case UNIQUE (department, fit_case_id),
        CONSTRAINT cases_file_reference UNIQUE (department, file_reference)
      );

      CREATE TABLE submissions (
        submission_id text PRIMARY KEY,
        department text NOT NULL CHECK (department <> ''),
        case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        destination_id text NOT NULL,
        platform_status text NOT NULL,
        metadata json NOT NULL,
        data text NOT NULL,
        data_mime_type text NOT NULL,
        submission_schema_uri text NOT NULL,
        verification_report json NOT NULL,
        authentication_tags json,
        received_at timestamptz NOT NULL
      );
      CREATE INDEX submissions_case ON submissions (case_id);

      CREATE TABLE attachments (
        id text PRIMARY KEY,
        department text NOT NULL CHECK (department <> ''),
        submission_id text NOT NULL REFERENCES submissions (submission_id) ON DELETE CASCADE,
        attachment_id text NOT NULL,
        filename text NOT NULL,
        mime_type text NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('form', 'attachment', 'report')),
        size bigint NOT NULL,
        sha512 text NOT NULL,
        enc_key bytea NOT NULL,
        nonce bytea NOT NULL,
        tag bytea NOT NULL,
        storage_path text NOT NULL UNIQUE,
        UNIQUE (submission_id, attachment_id)
      );

      CREATE TABLE notes (
        -- Orders notes written within the same millisecond as they were written.
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        department text NOT NULL CHECK (department <> ''),
        case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        author text NOT NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX notes_case ON notes (case_id, created_at, seq);
    `);
  },
};
