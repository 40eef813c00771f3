/**
 * The department's hash-chained audit log on PostgreSQL: the vault's entry format, hash and verification
 * (main/audit/chain.ts), one chain per department. An append locks the chain's head row, so appends from
 * several instances at once line up one after another; the entry commits or rolls back with the session's
 * transaction. Triggers refuse UPDATE, DELETE and TRUNCATE.
 */
import type pg from 'pg';
import type { AuditIntegrity, AuditVerification } from '../../shared/audit/types';
import {
  type AuditRecord,
  ChainWalk,
  chainedEntry,
  GENESIS_HASH,
  listLimit,
  toEntry,
  validateEntry,
} from '../audit/chain';
import { auditIntegrity } from '../audit/integrity';
import type { AuditStore } from '../audit/log';
import { type AnchorCheck, type ChainHead, EMPTY_HEAD } from '../vault/audit-anchor';
import { type DepartmentTransaction, inDepartmentTransaction, type SqlSession } from './sql';

const ENTRY_COLUMNS = `id::int AS id, at, actor, entry_department AS department, case_id AS "caseId", action,
  outcome, details, prev_hash AS "prevHash", hash`;
const TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete', 'audit_log_no_truncate'];
/** The chain: the transaction's department, as sql.ts set it; unset, the statement fails. */
const CHAIN = `current_setting('app.department')`;
/** Rows fetched per query while walking the chain. */
const PAGE = 1000;

/** The audit log of the transaction's department: its chain. */
export function postgresAudit(tx: DepartmentTransaction, now: () => Date): AuditStore {
  return {
    async append(input) {
      const details = validateEntry(input);
      // Two round trips, the head row locked from the first to the commit: appends of a department line
      // up on that row, so the less happens while it is held, the sooner the next one goes. The no-op
      // update creates the head at the first append and locks it at every other.
      const { rows } = await tx.db.query<{ count: string; hash: string }>(
        `INSERT INTO audit_heads (department, count, hash) VALUES (${CHAIN}, 0, $1)
         ON CONFLICT (department) DO UPDATE SET count = audit_heads.count RETURNING count, hash`,
        [GENESIS_HASH],
      );
      const head = rows[0] as { count: string; hash: string };
      const { fields, entry } = chainedEntry(
        input,
        details,
        { id: Number(head.count), hash: head.hash },
        now(),
      );
      await tx.db.query(
        `WITH appended AS (
           INSERT INTO audit_log (department, id, at, actor, entry_department, case_id, action, outcome,
             details, prev_hash, hash)
           VALUES (${CHAIN}, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, hash)
         UPDATE audit_heads SET count = appended.id, hash = appended.hash FROM appended
          WHERE audit_heads.department = ${CHAIN}`,
        [
          fields.id,
          fields.at,
          fields.actor,
          fields.department,
          fields.caseId,
          fields.action,
          fields.outcome,
          fields.detailsJson,
          fields.prevHash,
          entry.hash,
        ],
      );
      return entry;
    },

    async verify(from?: ChainHead): Promise<AuditVerification> {
      const walk = new ChainWalk(await triggersIntact(tx.db));
      const verified =
        from && from.count > 0
          ? (
              await tx.db.query<AuditRecord>(
                `SELECT ${ENTRY_COLUMNS} FROM audit_log WHERE department = ${CHAIN} AND id = $1`,
                [from.count],
              )
            ).rows[0]
          : undefined;
      const broken = walk.start(from, verified);
      if (broken) return broken;
      for (;;) {
        const { rows } = await tx.db.query<AuditRecord>(
          `SELECT ${ENTRY_COLUMNS} FROM audit_log WHERE department = ${CHAIN} AND id > $1 ORDER BY id LIMIT $2`,
          [walk.afterId, PAGE],
        );
        for (const row of rows) {
          const stop = walk.step(row);
          if (stop) return stop;
        }
        if (rows.length < PAGE) return walk.end();
      }
    },

    async list(filter = {}) {
      const limit = listLimit(filter);
      const { rows } = await tx.db.query<AuditRecord>(
        `SELECT ${ENTRY_COLUMNS} FROM audit_log
         WHERE department = ${CHAIN} AND id > $1 AND ($2::text IS NULL OR case_id = $2)
         ORDER BY id LIMIT $3`,
        [filter.afterId ?? 0, filter.caseId ?? null, limit],
      );
      return rows.map(toEntry);
    },
  };
}

/**
 * The department's audit trail checked as at the vault's start (main/audit/integrity.ts): the chain walked
 * from the entry verified last (kept in `audit_verified`), or in full, and compared with its head row, which
 * every append moves in the same transaction: a chain that ends before the head lost entries at its end.
 * The head row lives in the same database, so it shows a cut made by dropping rows, not a chain rebuilt by
 * someone holding the database; the DMS exports carry the head outside.
 */
export function checkPostgresAuditTrail(options: {
  pool: pg.Pool;
  department: string;
  full: boolean;
  now: () => Date;
}): Promise<AuditIntegrity> {
  return inDepartmentTransaction(options.pool, options.department, async (tx) => {
    const head = await readHead(tx, 'audit_heads');
    const verified = options.full ? undefined : await readHead(tx, 'audit_verified');
    const chain = await postgresAudit(tx, options.now).verify(verified);
    const result = auditIntegrity(head ?? EMPTY_HEAD, chain, await anchorOf(tx, head), {
      full: options.full,
      now: options.now(),
    });
    // The mark only moves over an unbroken chain, so a break is found again at every start.
    if (result.intact && head) {
      await tx.db.query(
        `INSERT INTO audit_verified (department, count, hash) VALUES (${CHAIN}, $1, $2)
         ON CONFLICT (department) DO UPDATE SET count = excluded.count, hash = excluded.hash`,
        [head.count, head.hash],
      );
    }
    return result;
  });
}

async function readHead(tx: DepartmentTransaction, table: 'audit_heads' | 'audit_verified') {
  const { rows } = await tx.db.query<{ count: string; hash: string }>(
    `SELECT count, hash FROM ${table} WHERE department = ${CHAIN}`,
  );
  const row = rows[0];
  return row ? { count: Number(row.count), hash: row.hash } : undefined;
}

/** The chain's entries against its head row, in the shape of the vault's anchor check. */
async function anchorOf(tx: DepartmentTransaction, head: ChainHead | undefined): Promise<AnchorCheck> {
  const { rows } = await tx.db.query<{ present: number }>(
    `SELECT coalesce(max(id), 0)::int AS present FROM audit_log WHERE department = ${CHAIN}`,
  );
  const present = rows[0]?.present ?? 0;
  if (!head) return { state: present === 0 ? 'absent' : 'differs', anchored: 0, present };
  if (present < head.count) return { state: 'shorter', anchored: head.count, present };
  if (head.count === 0) return { state: 'match', anchored: 0, present };
  const atHead = await tx.db.query<{ hash: string }>(
    `SELECT hash FROM audit_log WHERE department = ${CHAIN} AND id = $1`,
    [head.count],
  );
  return { state: atHead.rows[0]?.hash === head.hash ? 'match' : 'differs', anchored: head.count, present };
}

async function triggersIntact(db: SqlSession): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_trigger
     WHERE tgrelid = 'audit_log'::regclass AND tgenabled <> 'D' AND tgname = ANY ($1::text[])`,
    [TRIGGERS],
  );
  return rows[0]?.n === TRIGGERS.length;
}
