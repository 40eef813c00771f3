/**
 * The department's hash-chained audit log on PostgreSQL: the vault's entry format, hash and verification
 * (main/audit/chain.ts), one chain per department. An append locks the chain's head row, so appends from
 * several instances at once line up one after another; the entry commits or rolls back with the session's
 * transaction. Triggers refuse UPDATE, DELETE and TRUNCATE.
 */
import type { AuditDetails, AuditEntry, AuditVerification } from '../../shared/audit/types';
import {
  type AuditRecord,
  ChainWalk,
  canonicalDetails,
  entryHash,
  GENESIS_HASH,
  listLimit,
  toEntry,
  validateEntry,
} from '../audit/chain';
import type { AuditStore } from '../audit/log';
import type { ChainHead } from '../vault/audit-anchor';
import type { DepartmentTransaction, SqlSession } from './sql';

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
      await tx.db.query(
        `INSERT INTO audit_heads (department, count, hash) VALUES (${CHAIN}, 0, $1) ON CONFLICT DO NOTHING`,
        [GENESIS_HASH],
      );
      const { rows } = await tx.db.query<{ count: string; hash: string }>(
        `SELECT count, hash FROM audit_heads WHERE department = ${CHAIN} FOR UPDATE`,
      );
      const head = rows[0] as { count: string; hash: string };
      const fields = {
        id: Number(head.count) + 1,
        at: now().toISOString(),
        actor: input.actor,
        department: input.department,
        caseId: input.caseId,
        action: input.action,
        outcome: input.outcome,
        detailsJson: canonicalDetails(details),
        prevHash: head.hash,
      };
      const hash = entryHash(fields);
      await tx.db.query(
        `INSERT INTO audit_log (department, id, at, actor, entry_department, case_id, action, outcome, details,
           prev_hash, hash)
         VALUES (${CHAIN}, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
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
          hash,
        ],
      );
      await tx.db.query(`UPDATE audit_heads SET count = $1, hash = $2 WHERE department = ${CHAIN}`, [
        fields.id,
        hash,
      ]);
      return {
        ...fields,
        details: JSON.parse(fields.detailsJson) as AuditDetails,
        hash,
      } satisfies AuditEntry;
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
 * What a start-up check (main/audit/integrity.ts) needs of the chain besides `verify`: its head, and the
 * last entry verified before, kept in the database (the service has no place outside it that an attacker
 * holding the database could not also reach; backups and the DMS exports carry the head).
 */
export function postgresAuditHeads(tx: DepartmentTransaction) {
  return {
    async head(): Promise<ChainHead> {
      const { rows } = await tx.db.query<{ count: string; hash: string }>(
        `SELECT count, hash FROM audit_heads WHERE department = ${CHAIN}`,
      );
      return rows[0]
        ? { count: Number(rows[0].count), hash: rows[0].hash }
        : { count: 0, hash: GENESIS_HASH };
    },
    async verifiedHead(): Promise<ChainHead | undefined> {
      const { rows } = await tx.db.query<{ count: string; hash: string }>(
        `SELECT count, hash FROM audit_verified WHERE department = ${CHAIN}`,
      );
      return rows[0] ? { count: Number(rows[0].count), hash: rows[0].hash } : undefined;
    },
    async markVerified(head: ChainHead): Promise<void> {
      await tx.db.query(
        `INSERT INTO audit_verified (department, count, hash) VALUES (${CHAIN}, $1, $2)
         ON CONFLICT (department) DO UPDATE SET count = excluded.count, hash = excluded.hash`,
        [head.count, head.hash],
      );
    },
  };
}
export type PostgresAuditHeads = ReturnType<typeof postgresAuditHeads>;

async function triggersIntact(db: SqlSession): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_trigger
     WHERE tgrelid = 'audit_log'::regclass AND tgenabled <> 'D' AND tgname = ANY ($1::text[])`,
    [TRIGGERS],
  );
  return rows[0]?.n === TRIGGERS.length;
}
