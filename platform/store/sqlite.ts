import { createRequire } from 'node:module';

/**
 * The part of better-sqlite3's API the platform uses, typed here: the package's own typings are not reachable
 * through its "exports" map under bundler module resolution.
 */
export interface Statement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteDatabase {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  pragma(sql: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(run: (...args: A) => R): (...args: A) => R;
  close(): void;
}

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3-multiple-ciphers') as new (path: string) => SqliteDatabase;

export function openSqlite(path: string): SqliteDatabase {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
