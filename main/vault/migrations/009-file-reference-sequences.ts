import type { Migration } from './index';

/**
 * The Aktenzeichen counters leave the sync state (where they were `file-reference:<department>:<year>`
 * keys) for a table of their own, counted up in one statement. Existing counters move over, so no number
 * is given twice.
 */
export const fileReferenceSequencesSchema: Migration = {
  version: 9,
  name: 'file-reference-sequences',
  up(db) {
    db.exec(`
      CREATE TABLE file_reference_sequences (
        department TEXT NOT NULL,
        year INTEGER NOT NULL,
        last INTEGER NOT NULL CHECK (last > 0),
        PRIMARY KEY (department, year)
      ) WITHOUT ROWID;
      INSERT INTO file_reference_sequences (department, year, last)
        SELECT substr(key, 16, length(key) - 20), CAST(substr(key, -4) AS INTEGER), CAST(value AS INTEGER)
        FROM sync_state WHERE key GLOB 'file-reference:*:[0-9][0-9][0-9][0-9]';
      DELETE FROM sync_state WHERE key GLOB 'file-reference:*';
    `);
  },
};
