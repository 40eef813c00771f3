/**
 * The append-only, hash-chained audit log inside the vault. Appending joins the caller's transaction
 * when there is one (the entry commits or rolls back with the change it records); SQLite triggers refuse
 * UPDATE and DELETE; `verify` walks the chain and names the first broken link.
 *
 * What the chain cannot show on its own: rows cut off at the end, or a chain rebuilt by someone holding
 * the vault key. The vault keeps the head outside the database (main/vault/audit-anchor.ts) and every DMS
 * export carries it; integrity.ts compares them.
 */
import {
  type AuditBreakReason,
  type AuditDetails,
  type AuditEntry,
  type AuditEntryInput,
  type AuditOutcome,
  type AuditVerification,
  auditOutcomes,
} from '../../shared/audit/types';
import type { ChainHead, Vault } from '../vault';
import { prepared, type SqliteDatabase } from '../vault/sql';
import { canonicalDetails, entryHash, GENESIS_HASH } from './chain';
import { AuditError } from './errors';

interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  department: string | null;
  case_id: string | null;
  action: string;
  outcome: AuditOutcome;
  details: string;
  prev_hash: string;
  hash: string;
}

const TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete'];
/** Details are for ids and codes; a long string is a sign that content is being logged. */
const MAX_DETAIL_LENGTH = 200;
const MAX_LIST = 500;

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
    const details = validate(input);
    return this.vault.transaction(({ db }) => {
      const last = prepared(db, 'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
        | { id: number; hash: string }
        | undefined;
      const fields = {
        id: (last?.id ?? 0) + 1,
        at: this.now().toISOString(),
        actor: input.actor,
        department: input.department,
        caseId: input.caseId,
        action: input.action,
        outcome: input.outcome,
        detailsJson: canonicalDetails(details),
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      const hash = entryHash(fields);
      prepared(
        db,
        `INSERT INTO audit_log (id, at, actor, department, case_id, action, outcome, details, prev_hash, hash)
         VALUES (@id, @at, @actor, @department, @caseId, @action, @outcome, @detailsJson, @prevHash, @hash)`,
      ).run({ ...fields, hash });
      return { ...fields, details: JSON.parse(fields.detailsJson) as AuditDetails, hash };
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
  list(filter: { caseId?: string; afterId?: number; limit?: number } = {}): AuditEntry[] {
    const limit = filter.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST)
      throw new AuditError('audit-invalid-entry', 'limit');
    const where = ['id > @afterId'];
    const params: Record<string, string | number> = { afterId: filter.afterId ?? 0, limit };
    if (filter.caseId !== undefined) {
      where.push('case_id = @caseId');
      params.caseId = filter.caseId;
    }
    const records = this.vault.transaction(
      ({ db }) =>
        prepared(db, `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id LIMIT @limit`).all(
          params,
        ) as AuditRecord[],
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
  const triggersIntact = present.n === TRIGGERS.length;

  let checked = 0;
  let previous = { id: 0, hash: GENESIS_HASH };
  const broken = (id: number, reason: AuditBreakReason): AuditVerification => ({
    ok: false,
    checked,
    headHash: previous.id > 0 ? previous.hash : null,
    firstBreak: { id, reason },
    triggersIntact,
  });
  if (from && from.count > 0) {
    const row = prepared(db, 'SELECT * FROM audit_log WHERE id = ?').get(from.count) as
      | AuditRecord
      | undefined;
    if (!row) return broken(from.count, 'id-gap');
    if (row.hash !== from.hash || row.hash !== hashOf(row)) return broken(row.id, 'hash-mismatch');
    checked++;
    previous = { id: row.id, hash: row.hash };
  }
  for (const row of prepared(db, 'SELECT * FROM audit_log WHERE id > ? ORDER BY id').iterate(
    previous.id,
  ) as IterableIterator<AuditRecord>) {
    const reason =
      row.id !== previous.id + 1
        ? 'id-gap'
        : row.prev_hash !== previous.hash
          ? 'prev-hash-mismatch'
          : row.hash !== hashOf(row)
            ? 'hash-mismatch'
            : null;
    if (reason) return broken(row.id, reason);
    checked++;
    previous = { id: row.id, hash: row.hash };
  }
  return {
    ok: triggersIntact,
    checked,
    headHash: previous.id > 0 ? previous.hash : null,
    firstBreak: null,
    triggersIntact,
  };
}

function hashOf(row: AuditRecord): string {
  return entryHash({ ...row, caseId: row.case_id, detailsJson: row.details, prevHash: row.prev_hash });
}

function validate(input: AuditEntryInput): AuditDetails {
  if (input.actor.trim() === '') throw new AuditError('audit-invalid-entry', 'actor');
  if (input.action.trim() === '') throw new AuditError('audit-invalid-entry', 'action');
  if (!auditOutcomes.includes(input.outcome)) throw new AuditError('audit-invalid-entry', 'outcome');
  const details = input.details ?? {};
  for (const [key, value] of Object.entries(details)) {
    const scalar = value === null || ['string', 'number', 'boolean'].includes(typeof value);
    if (!scalar || (typeof value === 'string' && value.length > MAX_DETAIL_LENGTH)) {
      throw new AuditError('audit-invalid-entry', `details.${key}`);
    }
  }
  return details;
}

function toEntry(r: AuditRecord): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    department: r.department,
    caseId: r.case_id,
    action: r.action,
    outcome: r.outcome,
    details: JSON.parse(r.details) as AuditDetails,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
