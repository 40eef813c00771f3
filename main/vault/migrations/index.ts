/**
 * Forward-only schema migrations, numbered from 1. `PRAGMA user_version` holds the last one applied; each
 * runs in its own transaction together with the version bump, so a crash leaves the schema at a whole
 * version. Never edit a released migration: add the next one.
 */
import { VaultError } from '../errors';
import type { SqliteDatabase } from '../sql';
import { casesSchema } from './001-cases';
import { searchSchema } from './002-search';
import { outboxSchema } from './003-outbox';
import { auditSchema } from './004-audit';
import { workstationSchema } from './005-workstation';
import { receiptsSchema } from './006-receipts';
import { inboxSortSchema } from './007-inbox-sort';
import { serviceCountsSchema } from './008-service-counts';
import { fileReferenceSequencesSchema } from './009-file-reference-sequences';
import { teamWorkSchema } from './010-team-work';
import { replicaSchema } from './011-replica';

export interface Migration {
  version: number;
  /** What the step adds, for diagnostics. */
  name: string;
  up(db: SqliteDatabase): void;
}

export const MIGRATIONS: readonly Migration[] = [
  casesSchema,
  searchSchema,
  outboxSchema,
  auditSchema,
  workstationSchema,
  receiptsSchema,
  inboxSortSchema,
  serviceCountsSchema,
  fileReferenceSequencesSchema,
  teamWorkSchema,
  replicaSchema,
];

export function schemaVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings `db` to the last of `migrations` (the vault passes `MIGRATIONS`; tests pass a prefix). */
export function applyMigrations(db: SqliteDatabase, migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migration ${migration.name} is out of sequence`);
  });
  const current = schemaVersion(db);
  if (current > migrations.length) throw new VaultError('vault-too-new', { detail: `schema ${current}` });
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      migration.up(db);
      // user_version lives in the database header, so it commits or rolls back with the step.
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
