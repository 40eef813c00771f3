/**
 * The store as the services reach it: one interface per kind of record, every method answering a promise,
 * and a transaction that takes an async function. Each interface is declared beside its records (the
 * vault's data model in vault/store-types.ts; outbox, audit and notices in their folders), so a service
 * names only what it uses; this module composes them and builds the first implementation, the SQLCipher
 * vault (`vaultStore`). The department service's PostgreSQL store is the second. Both pass the repository
 * contract suite in `test/contract/store/`.
 */
import { AuditLog, type AuditStore } from '../audit/log';
import type { SecretStore } from '../auth/secret-store';
import { type NoticeStore, noticeRecords } from '../notices/service/store';
import { type OutboxStore, outboxRecords } from '../outbox/store';
import type { TeamStore } from '../team/store';
import { TeamRepository } from '../team/vault-records';
import { type Vault, VaultError } from '../vault';
import { allInTurns, atOnce, inTurns, type Transaction, type Transactional, type Turn } from '../vault/async';
import type { VaultTx } from '../vault/sql';
import type {
  AttachmentFiles,
  CaseStore,
  FileReferenceStore,
  NoteStore,
  PreferencesStore,
  ReceiptMethods,
  ReceiptStore,
  SyncStateStore,
} from '../vault/store-types';
import { vaultPreferences, vaultSecretStore } from '../vault/workstation';

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
  /** Followers, presence, absences and the team overview (main/team/store.ts). */
  readonly team: TeamStore;
}

export type TransactionSession = Transaction<StoreSession>;

export interface Store extends StoreSession, Transactional<StoreSession> {
  /** Attachment bytes, encrypted, streamed; their descriptions are stored with the case. */
  readonly attachments: AttachmentFiles;
  /** The key store: secrets of the department profile, encrypted at rest. */
  readonly secrets: SecretStore;
}

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

const TEAM_METHODS = [
  'follow',
  'unfollow',
  'followers',
  'followed',
  'markWorking',
  'stopWorking',
  'working',
  'saveAbsence',
  'removeAbsence',
  'absences',
  'overview',
] as const;

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
    transaction: async (fn) => {
      const scope: TransactionScope = { commits: [], ended: false };
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await vault.turns.transaction(() => fn(transactionSession(vault, audit, scope)));
      } finally {
        scope.ended = true;
      }
      for (const commit of scope.commits) commit();
      return result;
    },
  };
}

/** One transaction's after-commit work, and whether its handle may still be used. */
interface TransactionScope {
  commits: (() => void)[];
  ended: boolean;
}

function transactionSession(vault: Vault, audit: AuditLog, scope: TransactionScope): TransactionSession {
  // A handle kept past its transaction would write outside any transaction: it is refused.
  const turn: Turn = (operation) =>
    scope.ended ? Promise.reject(new VaultError('transaction-ended')) : atOnce(operation);
  const inside: TransactionSession = {
    ...session(vault, audit, turn),
    transaction: (fn) =>
      scope.ended
        ? Promise.reject(new VaultError('transaction-ended'))
        : vault.turns.nested(() => fn(inside)),
    afterCommit: (fn) => {
      if (scope.ended) throw new VaultError('transaction-ended');
      scope.commits.push(fn);
    },
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
    notes: inTurns(vault.cases, ['addNote', 'notes'], turn),
    receipts: inTurns(receipts, ['record', 'forItem', 'ofCase', 'purgeOf', 'dueForPurge', 'purge'], turn),
    notices: allInTurns(noticeRecords(tx), turn),
    outbox: allInTurns(outboxRecords(tx.db), turn),
    audit: inTurns(audit, ['append', 'verify', 'list'], turn),
    syncState: inTurns(vault.syncState, ['get', 'set'], turn),
    fileReferences: inTurns(vault.fileReferences, ['next'], turn),
    preferences: inTurns(vaultPreferences(vault.transaction), ['get', 'set', 'everyone', 'remove'], turn),
    team: inTurns(new TeamRepository(tx.db), TEAM_METHODS, turn),
  };
}
