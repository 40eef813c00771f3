/**
 * The store as the services reach it: one interface per kind of record, every method answering a promise,
 * and a transaction that takes an async function. The SQLCipher vault is the first implementation (the
 * embedded default of one workstation, `vaultStore` below); the department service's PostgreSQL store is
 * the second. Both pass the repository contract suite in `test/contract/store/`.
 *
 * Inside `transaction(fn)`, `fn` works through the session it is given: it sees its own writes, and they
 * commit together when `fn` resolves or roll back when it rejects. Work for after the commit (telling the
 * outbox worker, events) goes to `afterCommit`.
 */

import { AuditLog } from '../audit/log';
import type { SecretStore } from '../auth/secret-store';
import { type NoticeRecords, noticeRecords } from '../notices/service/store';
import { type OutboxRecords, outboxRecords } from '../outbox/store';
import type { Vault } from '../vault';
import { type Async, allInTurns, atOnce, inTurns, type Turn } from '../vault/async';
import type { VaultTx } from '../vault/sql';
import { type PreferenceStore, vaultPreferences, vaultSecretStore } from '../vault/workstation';

const CASE_METHODS = [
  'storeIntake',
  'row',
  'get',
  'update',
  'setPlatformStatus',
  'findSubmission',
  'services',
  'assignees',
  'list',
] as const;
const NOTE_METHODS = ['addNote', 'notes'] as const;
const RECEIPT_METHODS = ['record', 'forItem', 'ofCase', 'purgeOf', 'dueForPurge', 'purge'] as const;
const AUDIT_METHODS = ['append', 'verify', 'list'] as const;

/** Cases with their submissions and attachment descriptions. */
export type CaseStore = Async<Pick<Vault['cases'], (typeof CASE_METHODS)[number]>>;
export type NoteStore = Async<Pick<Vault['cases'], (typeof NOTE_METHODS)[number]>>;
/** Delivery receipts of cases, and the purge of a case's data after its retention. */
export type ReceiptStore = Async<ReceiptMethods>;
export type NoticeStore = Async<NoticeRecords>;
export type OutboxStore = Async<OutboxRecords>;
export type AuditStore = Async<Pick<AuditLog, (typeof AUDIT_METHODS)[number]>>;
export type SyncStateStore = Async<Pick<Vault['syncState'], 'get' | 'set'>>;
export type FileReferenceStore = Async<Pick<Vault['fileReferences'], 'next'>>;
export type PreferencesStore = Async<PreferenceStore>;
export type AttachmentFiles = Pick<
  Vault['attachments'],
  'write' | 'readAttachment' | 'openAttachmentStream' | 'deleteFiles'
>;

/** The receipt repository without the vault's transaction token: a session is its transaction. */
interface ReceiptMethods {
  record(input: Parameters<Vault['receipts']['record']>[1]): ReturnType<Vault['receipts']['record']>;
  forItem: Vault['receipts']['forItem'];
  ofCase: Vault['receipts']['ofCase'];
  purgeOf: Vault['receipts']['purgeOf'];
  dueForPurge: Vault['receipts']['dueForPurge'];
  purge(caseId: string, purgedBy: string): ReturnType<Vault['receipts']['purge']>;
}

/** Everything a transaction can read and write. */
export interface StoreSession {
  readonly cases: CaseStore;
  readonly notes: NoteStore;
  readonly receipts: ReceiptStore;
  readonly notices: NoticeStore;
  readonly outbox: OutboxStore;
  readonly audit: AuditStore;
  readonly syncState: SyncStateStore;
  readonly fileReferences: FileReferenceStore;
  readonly preferences: PreferencesStore;
}

export interface TransactionSession extends StoreSession {
  /** A nested transaction (a savepoint): its rejection undoes only its own work. */
  transaction<T>(fn: (tx: TransactionSession) => Promise<T>): Promise<T>;
  /** Runs `fn` once the outermost transaction has committed; never when it rolls back. */
  afterCommit(fn: () => void): void;
}

export interface Store extends StoreSession {
  /** Attachment bytes, encrypted, streamed; their descriptions are stored with the case. */
  readonly attachments: AttachmentFiles;
  /** The key store: secrets of the department profile, encrypted at rest. */
  readonly secrets: SecretStore;
  /** Runs `fn` in one write transaction; a rejection rolls everything back. */
  transaction<T>(fn: (tx: TransactionSession) => Promise<T>): Promise<T>;
}

/** The vault as a `Store`: each call runs in the connection's turn (see vault/serial.ts). */
export function vaultStore(vault: Vault, options: { now?: () => Date } = {}): Store {
  const now = options.now ?? (() => new Date());
  const audit = new AuditLog({ vault, now });
  const outside = session(vault, audit, (operation) => vault.turns.run(operation));
  return {
    ...outside,
    attachments: vault.attachments,
    secrets: inTurns(vaultSecretStore(vault.transaction, now), ['get', 'put', 'delete'], (operation) =>
      vault.turns.run(operation),
    ),
    transaction: (fn) => {
      const commits: (() => void)[] = [];
      return vault.turns
        .transaction(() => fn(transactionSession(vault, audit, commits)))
        .then((result) => {
          for (const commit of commits) commit();
          return result;
        });
    },
  };
}

function transactionSession(vault: Vault, audit: AuditLog, commits: (() => void)[]): TransactionSession {
  const inside: TransactionSession = {
    ...session(vault, audit, atOnce),
    transaction: (fn) => vault.turns.nested(() => fn(inside)),
    afterCommit: (fn) => void commits.push(fn),
  };
  return inside;
}

function session(vault: Vault, audit: AuditLog, turn: Turn): StoreSession {
  const tx: VaultTx = vault.turns.connection;
  const receipts: ReceiptMethods = {
    record: (input) => vault.receipts.record(tx, input),
    forItem: (id) => vault.receipts.forItem(id),
    ofCase: (caseId) => vault.receipts.ofCase(caseId),
    purgeOf: (caseId) => vault.receipts.purgeOf(caseId),
    dueForPurge: (department, before) => vault.receipts.dueForPurge(department, before),
    // Many statements: their own transaction, or a savepoint of the caller's.
    purge: (caseId, purgedBy) => vault.transaction((t) => vault.receipts.purge(t, caseId, purgedBy)),
  };
  return {
    cases: inTurns(vault.cases, CASE_METHODS, turn),
    notes: inTurns(vault.cases, NOTE_METHODS, turn),
    receipts: inTurns(receipts, RECEIPT_METHODS, turn),
    notices: allInTurns(noticeRecords(tx), turn),
    outbox: allInTurns(outboxRecords(tx.db), turn),
    audit: inTurns(audit, AUDIT_METHODS, turn),
    syncState: inTurns(vault.syncState, ['get', 'set'], turn),
    fileReferences: inTurns(vault.fileReferences, ['next'], turn),
    preferences: inTurns(vaultPreferences(vault.transaction), ['get', 'set'], turn),
  };
}
