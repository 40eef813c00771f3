import type { PostgresMigration } from '../migrate';
import type { SqlSession } from '../sql';

/**
 * Department isolation in the database: every table with a department sees and takes only rows of the
 * transaction's department (`app.department`, set by sql.ts). FORCE makes the policy hold for the tables'
 * owner too, which the service's role is. Without a department set, nothing is visible.
 */
export async function isolateDepartments(db: SqlSession, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await db.query(`
      ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
      ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
      CREATE POLICY department_isolation ON ${table}
        USING (department = current_setting('app.department', true))
        WITH CHECK (department = current_setting('app.department', true));
    `);
  }
}

export const rowSecuritySchema: PostgresMigration = {
  version: 4,
  name: 'row-security',
  up: (db) =>
    isolateDepartments(db, [
      'cases',
      'submissions',
      'attachments',
      'notes',
      'sync_state',
      'preferences',
      'secrets',
      'file_reference_sequences',
    ]),
};
