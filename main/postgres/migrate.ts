/**
 * Forward-only schema migrations of the PostgreSQL store, numbered from 1 (TS modules, so the bundled
 * service carries them). `schema_migrations` records each one applied; each runs in its own transaction
 * together with its record, under an advisory lock, so instances starting together migrate once and a
 * crash leaves the schema at a whole version. Never edit a released migration: add the next one.
 */
import type pg from 'pg';
import { PostgresStoreError } from './errors';
import type { SqlSession } from './sql';

export interface PostgresMigration {
  version: number;
  /** What the step adds, for diagnostics. */
  name: string;
  up(db: SqlSession): Promise<void>;
}

/** Any fixed number: the key of the advisory lock migrations take. */
const MIGRATION_LOCK = 0x616e7472;

/** Brings the database of `client` to the last of `migrations`; answers the versions it applied. */
export async function applyMigrations(
  client: pg.ClientBase,
  migrations: readonly PostgresMigration[],
): Promise<number[]> {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (migration.version < 1 || (previous && migration.version <= previous.version)) {
      throw new Error(`migration ${migration.name} is out of sequence`);
    }
  });
  const applied: number[] = [];
  await inTransaction(client, async () => {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  for (const migration of migrations) {
    await inTransaction(client, async () => {
      const done = await client.query<{ version: number }>(
        'SELECT version FROM schema_migrations WHERE version = $1',
        [migration.version],
      );
      if (done.rowCount !== 0) return;
      await migration.up(client);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    });
  }
  const latest = await client.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  const known = migrations.at(-1)?.version ?? 0;
  const current = latest.rows[0]?.version ?? 0;
  if (current > known) throw new PostgresStoreError('postgres-schema-too-new', `schema ${current}`);
  return applied;
}

async function inTransaction(client: pg.ClientBase, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
