/**
 * The outbox's data: one row per outgoing action, written in the same transaction as the state change
 * that caused it, and delivered later by the worker.
 */
import type { JsonValue } from '../../shared/cases/types';

/** Known kinds of outgoing action; any other string works as long as a handler is registered for it. */
export type OutboxType = 'fitconnect.event' | 'notice.delivery' | 'handover' | 'dms.export' | (string & {});

export const outboxStates = ['pending', 'in_flight', 'delivered', 'failed'] as const;
export type OutboxState = (typeof outboxStates)[number];

export interface OutboxItemInput {
  type: OutboxType;
  /**
   * Names the action, not the attempt (e.g. `accept:<submissionId>`): enqueueing the same key again
   * returns the existing item instead of adding a second.
   */
  idempotencyKey: string;
  /** What the handler needs. It sits in the encrypted vault; keep it to ids where the handler can look the rest up. */
  payload: JsonValue;
  caseId?: string | null;
}

export interface OutboxItem {
  id: string;
  type: OutboxType;
  idempotencyKey: string;
  caseId: string | null;
  payload: JsonValue;
  state: OutboxState;
  /** Attempts started so far, including one interrupted by a crash. */
  attempts: number;
  /** When a pending item becomes due. */
  nextAttemptAt: string;
  /** The last failure as the handler described it (no personal data). */
  lastError: string | null;
  /**
   * What the handler returned on delivery, e.g. the platform's receipt id; before delivery, what an
   * earlier attempt recorded with `Outbox.recordProgress`.
   */
  receipt: JsonValue | null;
  /** The remote side already had it (e.g. 409 on an accepted submission), so this attempt was a repeat. */
  deliveredAsRepeat: boolean;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

/**
 * A handler's verdict. The handler classifies its own transport's answers: a 409 meaning "already done"
 * is `delivered` with `repeat: true`, a 503 or a timeout is `retry`, a 422 is `permanent`. Errors must
 * not contain personal data: they are stored and shown.
 */
export type HandlerResult =
  | { kind: 'delivered'; receipt?: JsonValue; repeat?: boolean }
  | { kind: 'retry'; error: string }
  | { kind: 'permanent'; error: string };

/**
 * Delivers one item. It must be idempotent: after a crash an item is attempted again even if the
 * remote side got it; use `item.idempotencyKey` (or ids in the payload) to recognise repeats.
 */
export type OutboxHandler = (item: OutboxItem) => Promise<HandlerResult>;

/** Item counts per state, shaped like the API's `OutboxCounts`. */
export interface OutboxSummary {
  pending: number;
  inFlight: number;
  delivered: number;
  failed: number;
}

export interface OutboxChange {
  id: string;
  type: OutboxType;
  state: OutboxState;
  caseId: string | null;
}
