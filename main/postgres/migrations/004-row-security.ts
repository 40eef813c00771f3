// Placeholder with pg-core's shapes until their foundation is merged (theirs replaces it).
import type { SqlSession } from '../sql';

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
