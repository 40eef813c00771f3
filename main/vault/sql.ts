/**
 * Small helpers around the SQLite connection shared by the vault, the outbox and the audit log.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { VaultError, type VaultErrorSubject } from './errors';

export type SqliteDatabase = Database.Database;
export type SqliteStatement = Database.Statement<unknown[], unknown>;

/**
 * Proof that code runs inside `vault.transaction`: functions that must write together with the caller's
 * state change (outbox, audit) take it.
 */
export interface VaultTx {
  readonly db: SqliteDatabase;
}

const cache = new WeakMap<SqliteDatabase, Map<string, SqliteStatement>>();

/** The prepared statement for `sql` on `db`, prepared once per connection. */
export function prepared(db: SqliteDatabase, sql: string): SqliteStatement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

/** SQLite result codes that mean the file (or the key) is wrong, not the statement. */
export function isDamagedFileError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/**
 * Runs a read or write for one subject; a damaged file surfaces as `vault-corrupt` naming that subject,
 * so the person sees which case could not be read.
 */
export function reportDamageAs<T>(subject: VaultErrorSubject, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isDamagedFileError(error)) throw new VaultError('vault-corrupt', subject, { cause: error });
    throw error;
  }
}

/** Normalizes an ISO-8601 time to the stored form, so stored times compare as text. */
export function isoTime(value: string, field: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new VaultError('vault-invalid-input', { detail: field });
  return new Date(time).toISOString();
}

export function isoTimeOrNull(value: string | null | undefined, field: string): string | null {
  return value === null || value === undefined ? null : isoTime(value, field);
}

export function oneOf<T extends string>(allowed: readonly T[], value: string, field: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new VaultError('vault-invalid-input', { detail: field });
  }
  return value as T;
}
