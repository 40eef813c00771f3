import type { Migration } from './index';

/**
 * What stays of a case's deliveries and of the case itself after its retention: the receipts of the
 * hand-over to the Fachverfahren and of the archive in the DMS (file name, message id, hashes, response or
 * submission id), and the record of a purge of the case's local data. Neither refers to the data it
 * outlives. The search index deletes securely from now on, so a purged case's words leave its pages too.
 */
export const receiptsSchema: Migration = {
  version: 6,
  name: 'receipts',
  up(db) {
    db.exec(`
      CREATE TABLE case_receipts (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id),
        kind TEXT NOT NULL CHECK (kind IN ('handover', 'archive')),
        outbox_item_id TEXT NOT NULL UNIQUE,
        receipt TEXT NOT NULL,
        delivered_at TEXT NOT NULL
      );
      CREATE INDEX case_receipts_case ON case_receipts (case_id, delivered_at);
      CREATE TABLE case_purges (
        case_id TEXT PRIMARY KEY REFERENCES cases (id),
        purged_at TEXT NOT NULL,
        purged_by TEXT NOT NULL
      );
      INSERT INTO case_search (case_search, rank) VALUES ('secure-delete', 1);
    `);
  },
};
