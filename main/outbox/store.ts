/**
 * The outbox table's statements. Each function is one step of an item's life; the worker strings them
 * together. All take the connection and the current time explicitly.
 */
import { randomUUID } from 'node:crypto';
import type { JsonValue } from '../../shared/cases/types';
import { prepared, type SqliteDatabase } from '../vault/sql';
import { OutboxError } from './errors';
import type { OutboxItem, OutboxItemInput, OutboxState, OutboxSummary } from './types';

interface OutboxRecord {
  id: string;
  type: string;
  idempotency_key: string;
  case_id: string | null;
  payload: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  receipt: string | null;
  delivered_as_repeat: number;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

const MAX_ERROR_LENGTH = 1000;
const MAX_LIST = 500;

/** Inserts the item unless its idempotency key exists; returns the stored item either way. */
export function insertItem(
  db: SqliteDatabase,
  input: OutboxItemInput,
  now: Date,
): { item: OutboxItem; created: boolean } {
  if (input.type.trim() === '' || input.idempotencyKey.trim() === '') {
    throw new OutboxError('outbox-invalid-input', undefined, 'type and idempotencyKey are required');
  }
  const at = now.toISOString();
  const { changes } = prepared(
    db,
    `INSERT INTO outbox (id, type, idempotency_key, case_id, payload, state, attempts, next_attempt_at,
       created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)
     ON CONFLICT (idempotency_key) DO NOTHING`,
  ).run(
    randomUUID(),
    input.type,
    input.idempotencyKey,
    input.caseId ?? null,
    JSON.stringify(input.payload),
    at,
    at,
    at,
  );
  const record = prepared(db, 'SELECT * FROM outbox WHERE idempotency_key = ?').get(input.idempotencyKey);
  return { item: toItem(record as OutboxRecord), created: changes === 1 };
}

/** Marks the next due item of the given types in flight (one statement, so no two claims overlap). */
export function claimNext(db: SqliteDatabase, types: readonly string[], now: Date): OutboxItem | null {
  const at = now.toISOString();
  const record = prepared(
    db,
    `UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, updated_at = @at
     WHERE seq = (
       SELECT seq FROM outbox
       WHERE state = 'pending' AND next_attempt_at <= @at AND type IN (SELECT value FROM json_each(@types))
       ORDER BY next_attempt_at, seq LIMIT 1)
     RETURNING *`,
  ).get({ at, types: JSON.stringify(types) }) as OutboxRecord | undefined;
  return record ? toItem(record) : null;
}

export function markDelivered(
  db: SqliteDatabase,
  id: string,
  receipt: JsonValue | undefined,
  repeat: boolean,
  now: Date,
): void {
  const at = now.toISOString();
  prepared(
    db,
    `UPDATE outbox SET state = 'delivered', receipt = ?, delivered_as_repeat = ?, last_error = NULL,
       delivered_at = ?, updated_at = ?
     WHERE id = ? AND state = 'in_flight'`,
  ).run(receipt === undefined ? null : JSON.stringify(receipt), repeat ? 1 : 0, at, at, id);
}

/** A handler's note of what its attempt already did, kept in the receipt column until delivery. */
export function recordProgress(db: SqliteDatabase, id: string, progress: JsonValue, now: Date): void {
  prepared(db, `UPDATE outbox SET receipt = ?, updated_at = ? WHERE id = ? AND state = 'in_flight'`).run(
    JSON.stringify(progress),
    now.toISOString(),
    id,
  );
}

export function markRetry(
  db: SqliteDatabase,
  id: string,
  error: string,
  nextAttemptAt: Date,
  now: Date,
): void {
  prepared(
    db,
    `UPDATE outbox SET state = 'pending', last_error = ?, next_attempt_at = ?, updated_at = ?
     WHERE id = ? AND state = 'in_flight'`,
  ).run(clip(error), nextAttemptAt.toISOString(), now.toISOString(), id);
}

export function markFailed(db: SqliteDatabase, id: string, error: string, now: Date): void {
  prepared(
    db,
    `UPDATE outbox SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ? AND state = 'in_flight'`,
  ).run(clip(error), now.toISOString(), id);
}

/** Items left in flight by a process that died are due again now. */
export function recoverInFlight(db: SqliteDatabase, now: Date): OutboxItem[] {
  const at = now.toISOString();
  const records = prepared(
    db,
    `UPDATE outbox SET state = 'pending', next_attempt_at = ?, updated_at = ? WHERE state = 'in_flight' RETURNING *`,
  ).all(at, at) as OutboxRecord[];
  return records.map(toItem);
}

/** A person's "try again" for a failed item: a fresh set of attempts, due now. */
export function resetFailed(db: SqliteDatabase, id: string, now: Date): OutboxItem {
  const at = now.toISOString();
  const record = prepared(
    db,
    `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?
     WHERE id = ? AND state = 'failed' RETURNING *`,
  ).get(at, at, id) as OutboxRecord | undefined;
  if (record) return toItem(record);
  throw new OutboxError(getItem(db, id) ? 'outbox-not-failed' : 'outbox-item-not-found', id);
}

/** Takes a failed item off the queue; returns it, or null when it is not (or no longer) failed. */
export function removeFailed(db: SqliteDatabase, id: string): OutboxItem | null {
  const record = prepared(db, `DELETE FROM outbox WHERE id = ? AND state = 'failed' RETURNING *`).get(id) as
    | OutboxRecord
    | undefined;
  return record ? toItem(record) : null;
}

/** When the earliest pending item of the given types becomes due, or null if there is none. */
export function nextDueAt(db: SqliteDatabase, types: readonly string[]): Date | null {
  const row = prepared(
    db,
    `SELECT min(next_attempt_at) AS due FROM outbox
     WHERE state = 'pending' AND type IN (SELECT value FROM json_each(?))`,
  ).get(JSON.stringify(types)) as { due: string | null };
  return row.due === null ? null : new Date(row.due);
}

export function getItem(db: SqliteDatabase, id: string): OutboxItem | null {
  const record = prepared(db, 'SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRecord | undefined;
  return record ? toItem(record) : null;
}

/** Items of cases of one department: a case worker's outbox shows no other department's items. */
const OF_DEPARTMENT = 'case_id IN (SELECT id FROM cases WHERE department = @department)';

export function countByState(db: SqliteDatabase, department?: string): OutboxSummary {
  const rows = (
    department === undefined
      ? prepared(db, 'SELECT state, count(*) AS n FROM outbox GROUP BY state').all()
      : prepared(db, `SELECT state, count(*) AS n FROM outbox WHERE ${OF_DEPARTMENT} GROUP BY state`).all({
          department,
        })
  ) as {
    state: OutboxState;
    n: number;
  }[];
  const summary: OutboxSummary = { pending: 0, inFlight: 0, delivered: 0, failed: 0 };
  for (const { state, n } of rows) {
    if (state === 'in_flight') summary.inFlight = n;
    else summary[state] = n;
  }
  return summary;
}

export interface OutboxListFilter {
  state?: OutboxState;
  caseId?: string;
  /** Only items of cases of this department. */
  department?: string;
  /** 1–500, default 100. */
  limit?: number;
  offset?: number;
}

/** Oldest first, so a list of failed items reads in the order things went wrong. */
export function listItems(db: SqliteDatabase, filter: OutboxListFilter): OutboxItem[] {
  const limit = filter.limit ?? 100;
  const offset = filter.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST || !Number.isInteger(offset) || offset < 0) {
    throw new OutboxError('outbox-invalid-input', undefined, 'limit or offset');
  }
  const where: string[] = [];
  const params: Record<string, string | number> = { limit, offset };
  if (filter.state !== undefined) {
    where.push('state = @state');
    params.state = filter.state;
  }
  if (filter.caseId !== undefined) {
    where.push('case_id = @caseId');
    params.caseId = filter.caseId;
  }
  if (filter.department !== undefined) {
    where.push(OF_DEPARTMENT);
    params.department = filter.department;
  }
  const records = prepared(
    db,
    `SELECT * FROM outbox ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY seq LIMIT @limit OFFSET @offset`,
  ).all(params) as OutboxRecord[];
  return records.map(toItem);
}

function clip(error: string): string {
  return error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
}

function toItem(r: OutboxRecord): OutboxItem {
  return {
    id: r.id,
    type: r.type,
    idempotencyKey: r.idempotency_key,
    caseId: r.case_id,
    payload: JSON.parse(r.payload) as JsonValue,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    receipt: r.receipt === null ? null : (JSON.parse(r.receipt) as JsonValue),
    deliveredAsRepeat: r.delivered_as_repeat === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deliveredAt: r.delivered_at,
  };
}
