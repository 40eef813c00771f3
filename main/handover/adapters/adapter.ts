/**
 * The one shape of every way into a specialist procedure. An adapter never throws for a failed delivery:
 * it classifies, and the outbox worker retries `retry` outcomes with backoff and shows `permanent` ones to
 * a person.
 */

import type { AttemptOutcome } from '../../outbox/attempt';
import type { HandoverError } from '../errors';
import type { HandoverCase, PreparedRecord } from '../types';

export interface HandoverContext {
  /**
   * Names the hand-over, not the attempt (the outbox item's key): the hot folder's directory name, the
   * HTTP `Idempotency-Key`. Printable ASCII without spaces, at most 200 characters.
   */
  idempotencyKey: string;
  /** The FIT-Connect submission an earlier attempt created, as `record` kept it; null when none. */
  earlier?: ForwardedSubmission | null;
  /** Keeps a new FIT-Connect submission with the hand-over before anything is uploaded to it. */
  record?: (submission: ForwardedSubmission) => Promise<void>;
}

/** Names one FIT-Connect submission at the procedure's destination. */
export type ForwardedSubmission = {
  destinationId: string;
  submissionId: string;
  caseId: string;
};

export type HandoverReceipt =
  | { adapter: 'hot-folder'; directory: string }
  | { adapter: 'http'; status: number; responseId: string | null }
  | ({ adapter: 'fit-connect' } & ForwardedSubmission);

export type HandoverOutcome = AttemptOutcome<HandoverReceipt, HandoverError>;

export interface HandoverAdapter {
  readonly kind: HandoverReceipt['adapter'];
  deliver(
    handoverCase: HandoverCase,
    record: PreparedRecord,
    context: HandoverContext,
  ): Promise<HandoverOutcome>;
  /** Releases connections; the adapter is not used afterwards. */
  close(): Promise<void>;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** A key that fits a header and a file name; anything else is a programming error of the caller. */
export function assertIdempotencyKey(key: string): void {
  if (!IDEMPOTENCY_KEY.test(key))
    throw new TypeError('idempotency key must be 1-200 printable ASCII characters');
}
