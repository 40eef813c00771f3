import type { Migration } from './index';

/**
 * The hash-chained audit log. No foreign key to cases: a case may be deleted after its retention period,
 * and its audit rows must stay untouched. Triggers refuse every UPDATE and DELETE.
 */
export const auditSchema: Migration = {
  version: 4,
  name: 'audit',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        department TEXT,
        case_id TEXT,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_case ON audit_log (case_id, id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
        SELECT RAISE (ABORT, 'audit log is append-only');
      END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
        SELECT RAISE (ABORT, 'audit log is append-only');
      END;
    `);
  },
};
