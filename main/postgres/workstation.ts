/**
 * What the vault keeps besides cases, per department on PostgreSQL: sync state, per-person preferences
 * and the Aktenzeichen counters (vault/sync-state.ts, workstation.ts, file-references.ts).
 */
import type { FileReferenceStore, PreferencesStore, SyncStateStore } from '../vault/store-types';
import { sameDepartment } from './cases';
import type { DepartmentTransaction } from './sql';

export function postgresSyncState(tx: DepartmentTransaction, now: () => Date): SyncStateStore {
  return {
    async get(key) {
      const result = await tx.db.query<{ value: string }>('SELECT value FROM sync_state WHERE key = $1', [
        key,
      ]);
      return result.rows[0]?.value ?? null;
    },
    async set(key, value) {
      await tx.db.query(
        `INSERT INTO sync_state (department, key, value, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (department, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [tx.department, key, value, now().toISOString()],
      );
    },
  };
}

export function postgresPreferences(tx: DepartmentTransaction): PreferencesStore {
  return {
    async get(userId, key) {
      const result = await tx.db.query<{ value: string }>(
        'SELECT value FROM preferences WHERE user_id = $1 AND key = $2',
        [userId, key],
      );
      return result.rows[0]?.value ?? null;
    },
    async set(userId, key, value) {
      await tx.db.query(
        `INSERT INTO preferences (department, user_id, key, value) VALUES ($1, $2, $3, $4)
         ON CONFLICT (department, user_id, key) DO UPDATE SET value = excluded.value`,
        [tx.department, userId, key, value],
      );
    },
    async everyone(key) {
      const result = await tx.db.query<{ userId: string; value: string }>(
        'SELECT user_id AS "userId", value FROM preferences WHERE key = $1 ORDER BY user_id COLLATE "C"',
        [key],
      );
      return result.rows;
    },
    async remove(userId, key) {
      await tx.db.query('DELETE FROM preferences WHERE user_id = $1 AND key = $2', [userId, key]);
    },
  };
}

export function postgresFileReferences(tx: DepartmentTransaction): FileReferenceStore {
  return {
    /** The next number of the department's year, counted in one statement so no two claims get the same. */
    async next(department, year) {
      sameDepartment(tx, department);
      const result = await tx.db.query<{ last: number }>(
        `INSERT INTO file_reference_sequences (department, year, last) VALUES ($1, $2, 1)
         ON CONFLICT (department, year) DO UPDATE SET last = file_reference_sequences.last + 1
         RETURNING last`,
        [department, year],
      );
      return result.rows[0]?.last as number;
    },
  };
}
