/**
 * The append-only, hash-chained audit log inside the vault. Appending joins the caller's transaction
 * when there is one (the entry commits or rolls back with the change it records); SQLite triggers refuse
 * UPDATE and DELETE; `verify` walks the chain and names the first broken link.
 *
 * What the chain cannot show on its own: rows cut off at the end, or a chain rebuilt by someone holding
 * the vault key. The vault keeps the head outside the database (main/vault/audit-anchor.ts) and every DMS
 * export carries it; integrity.ts compares them.
 */
import type { AuditEntry, AuditEntryInput, AuditVerification } from '../../shared/audit/types';
import type { ChainHead, Vault } from '../vault';
import type { Async } from '../vault/async';
import { columns } from '../vault/columns';
import { prepared, type SqliteDatabase } from '../vault/sql';
import {
  type AuditListFilter,
  type AuditRecord,
  ChainWalk,
  chainedEntry,
  listLimit,
  toEntry,
  validateEntry,
} from './chain';

const ENTRY_COLUMNS = columns<AuditEntry>({
  id: true,
  at: true,
  actor: true,
  department: true,
  caseId: true,
  action: true,
  outcome: true,
  details: true,
  prevHash: true,
  hash: true,
});

const TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete'];

/** The audit log as the store interface offers it. */
export type AuditStore = Async<Pick<AuditLog, 'append' | 'verify' | 'list'>>;

export interface AuditLogOptions {
  vault: Pick<Vault, 'transaction'>;
  now?: () => Date;
}

export class AuditLog {
  private readonly vault: Pick<Vault, 'transaction'>;
  private readonly now: () => Date;

  constructor(options: AuditLogOptions) {
    this.vault = options.vault;
    this.now = options.now ?? (() => new Date());
  }

  /** Appends one entry; inside `vault.transaction` it becomes part of that transaction. */
  append(input: AuditEntryInput): AuditEntry {
    const details = validateEntry(input);
    return this.vault.transaction(({ db }) => {
      const last = prepared(db, 'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
        | { id: number; hash: string }
        | undefined;
      const { fields, entry } = chainedEntry(input, details, last, this.now());
      prepared(
        db,
        `INSERT INTO audit_log (id, at, actor, department, case_id, action, outcome, details, prev_hash, hash)
         VALUES (@id, @at, @actor, @department, @caseId, @action, @outcome, @detailsJson, @prevHash, @hash)`,
      ).run({ ...fields, hash: entry.hash });
      return entry;
    });
  }

  /**
   * Walks the chain from the first entry, or from `from`, an entry verified before: that one's hash is
   * checked again and only the entries after it are walked (start-up stays fast on a long chain).
   */
  verify(from?: ChainHead): AuditVerification {
    return this.vault.transaction(({ db }) => verifyChain(db, from));
  }

  /** Entries in order, optionally of one case; `afterId` pages forward. */
  list(filter: AuditListFilter = {}): AuditEntry[] {
    const limit = listLimit(filter);
    const where = ['id > @afterId'];
    const params: Record<string, string | number> = { afterId: filter.afterId ?? 0, limit };
    if (filter.caseId !== undefined) {
      where.push('case_id = @caseId');
      params.caseId = filter.caseId;
    }
    const records = this.vault.transaction(
      ({ db }) =>
        prepared(
          db,
          `SELECT ${ENTRY_COLUMNS} FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id LIMIT @limit`,
        ).all(params) as AuditRecord[],
    );
    return records.map(toEntry);
  }
}

function verifyChain(db: SqliteDatabase, from?: ChainHead): AuditVerification {
  const present = prepared(
    db,
    `SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'
     AND name IN (SELECT value FROM json_each(?))`,
  ).get(JSON.stringify(TRIGGERS)) as { n: number };
  const walk = new ChainWalk(present.n === TRIGGERS.length);
  const verified =
    from && from.count > 0
      ? (prepared(db, `SELECT ${ENTRY_COLUMNS} FROM audit_log WHERE id = ?`).get(from.count) as
          | AuditRecord
          | undefined)
      : undefined;
  const broken = walk.start(from, verified);
  if (broken) return broken;
  for (const row of prepared(db, `SELECT ${ENTRY_COLUMNS} FROM audit_log WHERE id > ? ORDER BY id`).iterate(
    walk.afterId,
  ) as IterableIterator<AuditRecord>) {
    const stop = walk.step(row);
    if (stop) return stop;
  }
  return walk.end();
}
