/**
 * The outbox on PostgreSQL: the statements of main/outbox/store.ts for a department's items, plus a lease.
 * Items are written through the session of the state change, so they commit with it. A claim takes the next
 * due item with `FOR UPDATE SKIP LOCKED`, so workers on several instances never take the same item, and
 * marks it in flight until its lease ends: an item whose instance died mid-delivery is due again then (its
 * idempotency key stays the same, so the receiver sees a repeat, not a second action).
 */
import { randomUUID } from 'node:crypto';
import type { JsonValue } from '../../shared/cases/types';
import { OutboxError } from '../outbox/errors';
import type { OutboxListFilter, OutboxStore } from '../outbox/store';
import type { OutboxItem, OutboxState, OutboxSummary, OutboxType } from '../outbox/types';
import type { DepartmentTransaction } from './sql';

/** How long a claim holds an item before another worker may take it: longer than any one delivery. */
export const DEFAULT_OUTBOX_LEASE_MS = 15 * 60_000;

const MAX_ERROR_LENGTH = 1000;
const MAX_LIST = 500;

const ITEM_COLUMNS = `id, type, idempotency_key AS "idempotencyKey", case_id AS "caseId", payload, state, attempts,
  next_attempt_at AS "nextAttemptAt", last_error AS "lastError", receipt,
  delivered_as_repeat AS "deliveredAsRepeat", created_at AS "createdAt", updated_at AS "updatedAt",
  delivered_at AS "deliveredAt"`;

/** An item as pg returns it: times as Date. */
type OutboxRow = Omit<OutboxItem, 'nextAttemptAt' | 'createdAt' | 'updatedAt' | 'deliveredAt'> & {
  nextAttemptAt: Date;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
};

export interface PostgresOutboxOptions {
  /** How long a claimed item stays in flight before it may be claimed again. */
  leaseMs?: number;
}

/** The outbox store of the transaction's department. */
export function postgresOutbox(tx: DepartmentTransaction, options: PostgresOutboxOptions = {}): OutboxStore {
  const leaseMs = options.leaseMs ?? DEFAULT_OUTBOX_LEASE_MS;
  const one = async (text: string, values: unknown[]): Promise<OutboxItem | null> => {
    const { rows } = await tx.db.query<OutboxRow>(text, values);
    return rows[0] ? toItem(rows[0]) : null;
  };
  const get = (id: string) => one(`SELECT ${ITEM_COLUMNS} FROM outbox WHERE id = $1`, [id]);

  return {
    async insert(input, now) {
      if (input.type.trim() === '' || input.idempotencyKey.trim() === '') {
        throw new OutboxError('outbox-invalid-input', undefined, 'type and idempotencyKey are required');
      }
      const created = await one(
        `INSERT INTO outbox (id, department, type, idempotency_key, case_id, payload, state, next_attempt_at,
           created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7, $7)
         ON CONFLICT (department, idempotency_key) DO NOTHING
         RETURNING ${ITEM_COLUMNS}`,
        [
          randomUUID(),
          tx.department,
          input.type,
          input.idempotencyKey,
          input.caseId ?? null,
          JSON.stringify(input.payload),
          now,
        ],
      );
      if (created) return { item: created, created: true };
      const existing = await one(
        `SELECT ${ITEM_COLUMNS} FROM outbox WHERE department = $1 AND idempotency_key = $2`,
        [tx.department, input.idempotencyKey],
      );
      if (!existing) throw new OutboxError('outbox-item-not-found', undefined);
      return { item: existing, created: false };
    },

    /**
     * The next due item of the given types, in flight under a lease from `now`: a pending item whose time
     * has come, or an item in flight whose lease ended (its worker died). Rows another claim holds locked
     * are skipped, so concurrent claims take different items.
     */
    claimNext(types, now) {
      return one(
        `UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, lease_until = $3, updated_at = $2
         WHERE seq = (
           SELECT seq FROM outbox
           WHERE department = $4 AND type = ANY ($1::text[])
             AND ((state = 'pending' AND next_attempt_at <= $2) OR (state = 'in_flight' AND lease_until <= $2))
           ORDER BY next_attempt_at, seq LIMIT 1
           FOR UPDATE SKIP LOCKED)
         RETURNING ${ITEM_COLUMNS}`,
        [types, now, new Date(now.getTime() + leaseMs), tx.department],
      );
    },

    async markDelivered(id, receipt, repeat, now) {
      await tx.db.query(
        `UPDATE outbox SET state = 'delivered', receipt = $2, delivered_as_repeat = $3, last_error = NULL,
           lease_until = NULL, delivered_at = $4, updated_at = $4
         WHERE id = $1 AND state = 'in_flight'`,
        [id, receipt === undefined ? null : JSON.stringify(receipt), repeat, now],
      );
    },

    /** Keeps the attempt's progress and renews its lease: a worker that reports progress is alive. */
    async recordProgress(id, progress, now) {
      await tx.db.query(
        `UPDATE outbox SET receipt = $2, lease_until = $4, updated_at = $3 WHERE id = $1 AND state = 'in_flight'`,
        [id, JSON.stringify(progress), now, new Date(now.getTime() + leaseMs)],
      );
    },

    async markRetry(id, error, nextAttemptAt, now) {
      await tx.db.query(
        `UPDATE outbox SET state = 'pending', last_error = $2, next_attempt_at = $3, lease_until = NULL,
           updated_at = $4
         WHERE id = $1 AND state = 'in_flight'`,
        [id, clip(error), nextAttemptAt, now],
      );
    },

    async markFailed(id, error, now) {
      await tx.db.query(
        `UPDATE outbox SET state = 'failed', last_error = $2, lease_until = NULL, updated_at = $3
         WHERE id = $1 AND state = 'in_flight'`,
        [id, clip(error), now],
      );
    },

    /**
     * Items whose lease ended by `now` are due again. Unlike the vault's, items other instances are
     * delivering (their lease still running) stay theirs.
     */
    async recoverInFlight(now) {
      const { rows } = await tx.db.query<OutboxRow>(
        `UPDATE outbox SET state = 'pending', next_attempt_at = $1, lease_until = NULL, updated_at = $1
         WHERE department = $2 AND state = 'in_flight' AND lease_until <= $1
         RETURNING ${ITEM_COLUMNS}`,
        [now, tx.department],
      );
      return rows.map(toItem);
    },

    async resetFailed(id, now) {
      const item = await one(
        `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = $2, updated_at = $2
         WHERE id = $1 AND state = 'failed' RETURNING ${ITEM_COLUMNS}`,
        [id, now],
      );
      if (item) return item;
      throw new OutboxError((await get(id)) ? 'outbox-not-failed' : 'outbox-item-not-found', id);
    },

    removeFailed: (id) =>
      one(`DELETE FROM outbox WHERE id = $1 AND state = 'failed' RETURNING ${ITEM_COLUMNS}`, [id]),

    async nextDueAt(types) {
      const { rows } = await tx.db.query<{ due: Date | null }>(
        `SELECT min(next_attempt_at) AS due FROM outbox
         WHERE department = $2 AND state = 'pending' AND type = ANY ($1::text[])`,
        [types, tx.department],
      );
      return rows[0]?.due ?? null;
    },

    get,

    async countByState(department) {
      const { rows } = await tx.db.query<{ state: OutboxState; n: string }>(
        `SELECT state, count(*) AS n FROM outbox WHERE department = $1 AND ($2::text IS NULL OR department = $2)
         GROUP BY state`,
        [tx.department, department ?? null],
      );
      const summary: OutboxSummary = { pending: 0, inFlight: 0, delivered: 0, failed: 0 };
      for (const { state, n } of rows) {
        if (state === 'in_flight') summary.inFlight = Number(n);
        else summary[state] = Number(n);
      }
      return summary;
    },

    async list(filter: OutboxListFilter) {
      const limit = filter.limit ?? 100;
      const offset = filter.offset ?? 0;
      if (
        !Number.isInteger(limit) ||
        limit < 1 ||
        limit > MAX_LIST ||
        !Number.isInteger(offset) ||
        offset < 0
      ) {
        throw new OutboxError('outbox-invalid-input', undefined, 'limit or offset');
      }
      const { rows } = await tx.db.query<OutboxRow>(
        `SELECT ${ITEM_COLUMNS} FROM outbox
         WHERE department = $1 AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR case_id = $3)
           AND ($4::text IS NULL OR department = $4)
         ORDER BY seq LIMIT $5 OFFSET $6`,
        [
          tx.department,
          filter.state ?? null,
          filter.caseId ?? null,
          filter.department ?? null,
          limit,
          offset,
        ],
      );
      return rows.map(toItem);
    },
  };
}

function clip(error: string): string {
  return error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
}

function toItem(row: OutboxRow): OutboxItem {
  return {
    ...row,
    type: row.type as OutboxType,
    payload: row.payload as JsonValue,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}
