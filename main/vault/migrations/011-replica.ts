import type { Migration } from './index';

/**
 * The department mode's replica: the service's view of the cases a person may work on offline (theirs and
 * those marked "offline verfügbar"), their attachments, and the commands made offline, queued in order until
 * the service takes them. A command the service refused as a conflict stays here with the service's version,
 * so nothing the person typed is lost.
 */
export const replicaSchema: Migration = {
  version: 11,
  name: 'replica',
  up(db) {
    db.exec(`
      CREATE TABLE replica_cases (
        case_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL CHECK (version >= 0),
        responsible TEXT,
        snapshot TEXT NOT NULL CHECK (json_valid(snapshot)),
        fetched_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE replica_marks (
        case_id TEXT PRIMARY KEY
      ) WITHOUT ROWID;
      CREATE TABLE replica_attachments (
        case_id TEXT NOT NULL REFERENCES replica_cases (case_id) ON DELETE CASCADE,
        attachment_id TEXT NOT NULL,
        content BLOB NOT NULL,
        PRIMARY KEY (case_id, attachment_id)
      ) WITHOUT ROWID;
      CREATE TABLE offline_commands (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        command_id TEXT NOT NULL UNIQUE,
        case_id TEXT NOT NULL,
        base_version INTEGER NOT NULL CHECK (base_version >= 0),
        action TEXT NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        queued_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'conflict')),
        conflict TEXT CHECK (conflict IS NULL OR json_valid(conflict))
      );
      CREATE INDEX offline_commands_case ON offline_commands (case_id, seq);
    `);
  },
};
