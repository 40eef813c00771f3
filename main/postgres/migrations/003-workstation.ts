import type { PostgresMigration } from '../migrate';

/**
 * What the vault keeps besides cases, per department: sync state, per-person preferences, the key store
 * (each secret encrypted by the store with a key derived from the master key; see secrets.ts) and the
 * Aktenzeichen counters, one per department and year.
 */
export const workstationSchema: PostgresMigration = {
  version: 3,
  name: 'workstation',
  async up(db) {
    await db.query(`
      CREATE TABLE sync_state (
        department text NOT NULL CHECK (department <> ''),
        key text NOT NULL,
        value text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (department, key)
      );
      CREATE TABLE preferences (
        department text NOT NULL CHECK (department <> ''),
        user_id text NOT NULL,
        key text NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (department, user_id, key)
      );
      CREATE TABLE secrets (
        department text NOT NULL CHECK (department <> ''),
        name text NOT NULL,
        nonce bytea NOT NULL,
        ciphertext bytea NOT NULL,
        tag bytea NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (department, name)
      );
      CREATE TABLE file_reference_sequences (
        department text NOT NULL CHECK (department <> ''),
        year integer NOT NULL,
        last integer NOT NULL CHECK (last > 0),
        PRIMARY KEY (department, year)
      );
    `);
  },
};
