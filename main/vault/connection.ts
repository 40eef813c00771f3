/**
 * Opens the SQLCipher-compatible database file and sets it up for durability. Raw SQLite errors are left
 * to the caller, which knows whether a failure means a wrong key or a damaged file.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import type { SqliteDatabase } from './sql';

export const VAULT_KEY_BYTES = 32;

export function openEncryptedDatabase(file: string, key: Buffer): SqliteDatabase {
  const db = new Database(file);
  try {
    db.pragma(`cipher = 'sqlcipher'`);
    // A raw key skips SQLCipher's passphrase KDF: the key is already 256 random bits.
    db.pragma(`key = "x'${key.toString('hex')}'"`);
    // The first read decrypts page 1; a wrong key or a damaged header fails here, not later.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`journal mode ${String(mode)} instead of wal`);
    // Committed rows must survive power loss: fsync the WAL on every commit.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Sorts and temp indexes stay in memory: SQLite's temp files would not be encrypted.
    db.pragma('temp_store = MEMORY');
    // Decrypted page cache: a miss costs a read plus decryption. 64 MiB holds the inbox indexes and the
    // hot part of the search index of about 100,000 cases (SQLite's default is 2 MiB… 16 MiB here).
    db.pragma('cache_size = -65536');
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
