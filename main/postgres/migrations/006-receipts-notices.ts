import type { PostgresMigration } from '../migrate';
import { isolateDepartments } from './004-row-security';

/**
 * What stays of a case's deliveries after its retention (receipts, the purge record), and sealed notices
 * with their PDF and one delivery per channel. A sealed notice is never changed: a trigger refuses it.
 */
export const receiptsNoticesSchema: PostgresMigration = {
  version: 6,
  name: 'receipts-notices',
  async up(db) {
    await db.query(`
      CREATE TABLE case_receipts (
        id text PRIMARY KEY,
        department text NOT NULL CHECK (department <> ''),
        case_id text NOT NULL REFERENCES cases (id),
        kind text NOT NULL CHECK (kind IN ('handover', 'archive')),
        outbox_item_id text NOT NULL UNIQUE,
        receipt json NOT NULL,
        delivered_at timestamptz NOT NULL
      );
      CREATE INDEX case_receipts_case ON case_receipts (case_id, delivered_at);
      CREATE TABLE case_purges (
        case_id text PRIMARY KEY REFERENCES cases (id),
        department text NOT NULL CHECK (department <> ''),
        purged_at timestamptz NOT NULL,
        purged_by text NOT NULL
      );
      CREATE TABLE notices (
        id text PRIMARY KEY,
        department text NOT NULL CHECK (department <> ''),
        case_id text NOT NULL REFERENCES cases (id),
        version integer NOT NULL,
        kind text NOT NULL,
        template_id text NOT NULL,
        title text NOT NULL,
        text text NOT NULL,
        sealed_at text NOT NULL,
        sealed_by text NOT NULL,
        sha512 text NOT NULL,
        pdf bytea NOT NULL,
        UNIQUE (case_id, version)
      );
      CREATE TABLE notice_deliveries (
        id text PRIMARY KEY,
        department text NOT NULL CHECK (department <> ''),
        notice_id text NOT NULL REFERENCES notices (id),
        channel text NOT NULL,
        state text NOT NULL,
        receipt json,
        last_error text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (notice_id, channel)
      );
      CREATE FUNCTION notices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'a sealed notice is immutable; issue a new version'; END $$;
      CREATE TRIGGER notices_immutable BEFORE UPDATE ON notices
        FOR EACH ROW EXECUTE FUNCTION notices_immutable();
    `);
    await isolateDepartments(db, ['case_receipts', 'case_purges', 'notices', 'notice_deliveries']);
  },
};
