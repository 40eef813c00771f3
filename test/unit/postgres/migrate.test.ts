/**
 * The PostgreSQL store's migrations: applied once, in order, each with its record in one transaction; a
 * restart applies nothing twice, a failing step leaves nothing of itself, two instances starting together
 * migrate once, and a database from a newer version is refused.
 */
import { describe, expect, it } from 'vitest';
import { migratePostgres } from '../../../main/postgres';
import { applyMigrations, type PostgresMigration } from '../../../main/postgres/migrate';
import { POSTGRES_MIGRATIONS } from '../../../main/postgres/migrations';
import { rejection } from '../../contract/store/harness';
import { postgresPerFile } from '../../support/postgres';

const postgres = postgresPerFile();
const ALL = POSTGRES_MIGRATIONS.map((migration) => migration.version);

async function tables(pool: import('pg').Pool): Promise<string[]> {
  const result = await pool.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  return result.rows.map((row) => row.name);
}

describe('PostgreSQL migrations', () => {
  it('apply every step once, and nothing again at the next start', async () => {
    const database = await postgres().database({ migrated: false });
    try {
      expect(await migratePostgres(database.pool)).toEqual(ALL);
      expect(await migratePostgres(database.pool)).toEqual([]);
      const recorded = await database.pool.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(recorded.rows.map((row) => row.version)).toEqual(ALL);
      expect(await tables(database.pool)).toEqual(
        expect.arrayContaining(['cases', 'secrets', 'schema_migrations']),
      );
    } finally {
      await database.drop();
    }
  });

  it('leave nothing of a failing step, and keep the steps before it', async () => {
    const database = await postgres().database({ migrated: false });
    const failing: PostgresMigration = {
      version: 900,
      name: 'failing',
      async up(db) {
        await db.query('CREATE TABLE half_done (n int)');
        throw new Error('step failed');
      },
    };
    const client = await database.pool.connect();
    try {
      expect(await rejection(applyMigrations(client, [...POSTGRES_MIGRATIONS, failing]))).toBe('step failed');
      expect(await tables(database.pool)).not.toContain('half_done');
      expect(await applyMigrations(client, POSTGRES_MIGRATIONS)).toEqual([]);
      // A database a newer version migrated is refused rather than used.
      await client.query("INSERT INTO schema_migrations (version, name) VALUES (901, 'from the future')");
      expect(await rejection(applyMigrations(client, POSTGRES_MIGRATIONS))).toBe('postgres-schema-too-new');
      expect(
        await rejection(
          applyMigrations(client, [POSTGRES_MIGRATIONS[1], POSTGRES_MIGRATIONS[0]] as PostgresMigration[]),
        ),
      ).toMatch(/out of sequence/);
    } finally {
      client.release();
      await database.drop();
    }
  });

  it('migrate once when two instances start together', async () => {
    const database = await postgres().database({ migrated: false });
    try {
      const [first, second] = await Promise.all([
        migratePostgres(database.pool),
        migratePostgres(database.newPool()),
      ]);
      expect([...(first ?? []), ...(second ?? [])].sort((a, b) => a - b)).toEqual(ALL);
    } finally {
      await database.drop();
    }
  });
});
