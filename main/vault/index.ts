/**
 * The encrypted offline vault: one SQLCipher-compatible database (cases, submissions, notes, search index,
 * outbox, audit log) plus AES-256-GCM attachment files, all in one profile folder:
 *
 *   <dir>/vault.db (+ -wal, -shm)   the encrypted database
 *   <dir>/vault.keycheck.json      tells a wrong key from a damaged file (see key-check.ts)
 *   <dir>/vault.anchor.json        the audit chain's head outside the database (see audit-anchor.ts)
 *   <dir>/attachments/<uuid>       encrypted attachment files
 *
 * One process opens a profile at a time; `openVault` is synchronous because better-sqlite3 is.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AttachmentStore, sweepOrphanAttachments } from './attachments';
import { type AnchorCheck, AuditAnchorKeeper, type ChainHead } from './audit-anchor';
import { CaseRepository } from './cases';
import { openEncryptedDatabase, VAULT_KEY_BYTES } from './connection';
import { VaultError } from './errors';
import { FileReferenceSequences } from './file-references';
import { compareKeyCheck, writeKeyCheck } from './key-check';
import { applyMigrations, MIGRATIONS } from './migrations';
import { ReceiptRepository } from './receipts';
import { ReplicaRepository } from './replica';
import { ConnectionTurns } from './serial';
import { isDamagedFileError, prepared, reportDamageAs, type SqliteDatabase, type VaultTx } from './sql';
import { SyncStateRepository } from './sync-state';

export * from '../../shared/cases/types';
export { AttachmentStore } from './attachments';
export type { AnchorCheck, ChainHead } from './audit-anchor';
export type { IntakeResult } from './cases';
export { CaseRepository } from './cases';
export { VaultError, type VaultErrorCode, type VaultErrorSubject } from './errors';
export { FileReferenceSequences } from './file-references';
export { EnvKeyProvider } from './keys/env-key';
export { KeyFileProvider } from './keys/key-file';
export type { VaultKeyProvider } from './keys/key-provider';
export {
  SafeStorageKeyProvider,
  type SafeStorageKeyProviderOptions,
  type SafeStorageLike,
  type VaultKeyWarning,
} from './keys/safe-storage-key';
export {
  type CasePurge,
  type CaseReceipt,
  type ReceiptKind,
  ReceiptRepository,
} from './receipts';
export { ReplicaRepository } from './replica';
export type { SqliteDatabase, VaultTx } from './sql';
export { SyncStateRepository } from './sync-state';

export const VAULT_FILES = {
  database: 'vault.db',
  keyCheck: 'vault.keycheck.json',
  auditAnchor: 'vault.anchor.json',
  attachments: 'attachments',
} as const;

export interface VaultOptions {
  /** The profile folder; created (owner-only) if missing. */
  dir: string;
  /** 32 random bytes from a `VaultKeyProvider`. */
  key: Buffer;
  /** Clock for created/updated times; tests pass a fixed one. */
  now?: () => Date;
}

export interface Vault {
  readonly cases: CaseRepository;
  readonly attachments: AttachmentStore;
  readonly syncState: SyncStateRepository;
  /** The Aktenzeichen counters, per department and year. */
  readonly fileReferences: FileReferenceSequences;
  /** Delivery receipts of cases and the purge of a case's data after its retention. */
  readonly receipts: ReceiptRepository;
  /** Department mode: the cases kept for offline work and the commands made offline. */
  readonly replica: ReplicaRepository;
  /**
   * Runs `fn` in one write transaction (BEGIN IMMEDIATE) and commits when it returns; a throw rolls
   * everything back. `fn` must be synchronous. Nested calls become savepoints, so repository methods,
   * `outbox.enqueue` and `audit.append` all join the caller's transaction.
   */
  transaction<T>(fn: (tx: VaultTx) => T): T;
  /** Whose turn it is on the connection: the asynchronous store's transactions (see serial.ts). */
  readonly turns: ConnectionTurns;
  /** The audit chain's head now (entries and the last one's hash). */
  auditHead(): ChainHead;
  /** The anchor outside the database compared with the chain, at open. */
  readonly auditAnchor: AnchorCheck;
  /** How far the audit chain was last verified (kept with the anchor). */
  auditVerifiedHead(): ChainHead;
  markAuditVerified(head: ChainHead): void;
  /** `PRAGMA integrity_check`: an empty list means the database is sound. */
  integrityCheck(): string[];
  close(): void;
}

export function openVault(options: VaultOptions): Vault {
  const { dir, key } = options;
  const now = options.now ?? (() => new Date());
  if (!Buffer.isBuffer(key) || key.length !== VAULT_KEY_BYTES) throw new VaultError('vault-invalid-key');

  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const attachmentsDir = join(dir, VAULT_FILES.attachments);
  mkdirSync(attachmentsDir, { recursive: true, mode: 0o700 });
  const databasePath = join(dir, VAULT_FILES.database);
  const keyCheckPath = join(dir, VAULT_FILES.keyCheck);

  removeLeftoverTempFiles(dir);
  const keyCheck = compareKeyCheck(keyCheckPath, key);
  // A key check without a database means the database was lost; starting empty would hide that.
  if (keyCheck !== 'absent' && fileSize(databasePath) === 0) {
    throw new VaultError('vault-corrupt', { detail: 'database file missing or empty' });
  }

  let db: SqliteDatabase;
  try {
    db = openEncryptedDatabase(databasePath, key);
  } catch (error) {
    if (isDamagedFileError(error)) {
      throw new VaultError(keyCheck === 'match' ? 'vault-corrupt' : 'vault-locked', {}, { cause: error });
    }
    throw error;
  }

  try {
    applyMigrations(db, MIGRATIONS);
    if (keyCheck !== 'match') writeKeyCheck(keyCheckPath, key);
    sweepOrphanAttachments(db, attachmentsDir);
    const readHead = (atCount?: number) =>
      ((atCount === undefined
        ? prepared(db, 'SELECT id AS count, hash FROM audit_log ORDER BY id DESC LIMIT 1').get()
        : prepared(db, 'SELECT id AS count, hash FROM audit_log WHERE id = ?').get(atCount)) as
        | ChainHead
        | undefined) ?? null;
    const anchor = new AuditAnchorKeeper(join(dir, VAULT_FILES.auditAnchor), key, readHead);
    return {
      cases: new CaseRepository(db, now),
      attachments: new AttachmentStore(db, attachmentsDir),
      syncState: new SyncStateRepository(db, now),
      fileReferences: new FileReferenceSequences(db),
      receipts: new ReceiptRepository(db, now),
      replica: new ReplicaRepository(db, now),
      turns: new ConnectionTurns(db, () => anchor.afterCommit()),
      transaction: (fn) => {
        const result = reportDamageAs({}, () => db.transaction(() => fn({ db })).immediate());
        // Only the outermost call commits; a nested one was a savepoint.
        if (!db.inTransaction) anchor.afterCommit();
        return result;
      },
      auditHead: () => anchor.currentHead(),
      auditAnchor: anchor.atOpen,
      auditVerifiedHead: () => anchor.verifiedHead(),
      markAuditVerified: (head) => anchor.markVerified(head),
      integrityCheck: () => {
        try {
          const result = db.pragma('integrity_check') as { integrity_check: string }[];
          return result.map((row) => row.integrity_check).filter((line) => line !== 'ok');
        } catch (error) {
          // Damage bad enough to stop the check is itself the finding.
          if (isDamagedFileError(error)) return [(error as Error).message];
          throw error;
        }
      },
      close: () => {
        try {
          // SQLite's advice for long-lived connections: refresh planner statistics where they went stale.
          db.pragma('analysis_limit = 400');
          db.pragma('optimize');
        } catch {
          // Only an optimization; a damaged file must still be closed.
        }
        db.close();
      },
    };
  } catch (error) {
    db.close();
    if (isDamagedFileError(error)) throw new VaultError('vault-corrupt', {}, { cause: error });
    throw error;
  }
}

/** A process killed while replacing the key check or the audit anchor leaves its temp file behind. */
function removeLeftoverTempFiles(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (/^\.tmp-[0-9a-f-]{36}$/.test(name)) rmSync(join(dir, name), { force: true });
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}
