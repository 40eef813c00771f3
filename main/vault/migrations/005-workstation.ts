import type { Migration } from './index';

/**
 * What a workstation keeps besides cases: the key store for the department profile's secrets (client
 * secrets, private keys, PKCS#12 passwords: inside the encrypted database, never in plain settings), small
 * per-user preferences such as saved filters, and sealed notices with their deliveries. A sealed notice's
 * PDF is kept as a BLOB (tens of kilobytes), encrypted with the database; a correction is a new version.
 */
export const workstationSchema: Migration = {
  version: 5,
  name: 'workstation',
  up(db) {
    db.exec(`
      CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE preferences (
        user_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (user_id, key)
      );
      CREATE TABLE notices (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id),
        version INTEGER NOT NULL,
        kind TEXT NOT NULL,
        template_id TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        sealed_at TEXT NOT NULL,
        sealed_by TEXT NOT NULL,
        sha512 TEXT NOT NULL,
        pdf BLOB NOT NULL,
        UNIQUE (case_id, version)
      );
      CREATE TABLE notice_deliveries (
        id TEXT PRIMARY KEY,
        notice_id TEXT NOT NULL REFERENCES notices (id),
        channel TEXT NOT NULL,
        state TEXT NOT NULL,
        receipt TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (notice_id, channel)
      );
      CREATE TRIGGER notices_immutable BEFORE UPDATE ON notices BEGIN
        SELECT RAISE (ABORT, 'a sealed notice is immutable; issue a new version');
      END;
    `);
  },
};
