import type { PostgresMigration } from '../migrate';
import { isolateDepartments } from './004-row-security';

/**
 * One hash-chained audit log per department. `department` is the chain an entry belongs to;
 * `entry_department` the entry's own field (part of its hash, may be empty). `audit_heads` holds each
 * chain's last entry: an append locks its row, so appends of several instances line up in one chain.
 * Triggers refuse UPDATE, DELETE and TRUNCATE of entries. `audit_verified` keeps the last entry verified.
 */
export const auditSchema: PostgresMigration = {
  version: 7,
  name: 'audit',
  async up(db) {
    await db.query(`
      CREATE TABLE audit_log (
        department text NOT NULL CHECK (department <> ''),
        id bigint NOT NULL,
        at text NOT NULL,
        actor text NOT NULL,
        entry_department text,
        case_id text,
        action text NOT NULL,
        outcome text NOT NULL,
        details text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (department, id)
      );
      CREATE INDEX audit_log_case ON audit_log (department, case_id, id);
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
      CREATE TABLE audit_heads (
        department text PRIMARY KEY CHECK (department <> ''),
        count bigint NOT NULL,
        hash text NOT NULL
      );
      CREATE TABLE audit_verified (
        department text PRIMARY KEY CHECK (department <> ''),
        count bigint NOT NULL,
        hash text NOT NULL
      );
    `);
    await isolateDepartments(db, ['audit_log', 'audit_heads', 'audit_verified']);
  },
};
