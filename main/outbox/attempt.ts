/**
 * How a handler's delivery attempt ended, and its translation into the worker's `HandlerResult`. The outbox
 * keeps an error as one string, `<code>: <message>`, so the code the UI translates survives.
 */
import type { JsonValue } from '../../shared/cases/types';
import type { HandlerResult } from './types';

export interface CodedFailure {
  readonly code: string;
  readonly message: string;
}

export type AttemptOutcome<Receipt extends JsonValue, Failure extends CodedFailure> =
  /** `repeat`: an earlier attempt had already delivered (its answer was lost). */
  | { kind: 'delivered'; receipt: Receipt; repeat: boolean }
  | { kind: 'retry'; error: Failure }
  | { kind: 'permanent'; error: Failure };

export function describeFailure(error: CodedFailure): string {
  return `${error.code}: ${error.message}`;
}

/** The code and message back from an error the outbox kept (`failed` for one in no such form). */
export function parseFailure(lastError: string | null): CodedFailure | null {
  if (lastError === null) return null;
  const match = /^([a-z][a-z0-9-]*): ([\s\S]*)$/.exec(lastError);
  return match
    ? { code: match[1] as string, message: match[2] as string }
    : { code: 'failed', message: lastError };
}

export function handlerResultOf(outcome: AttemptOutcome<JsonValue, CodedFailure>): HandlerResult {
  switch (outcome.kind) {
    case 'delivered':
      return { kind: 'delivered', receipt: outcome.receipt, repeat: outcome.repeat };
    case 'retry':
      return { kind: 'retry', error: describeFailure(outcome.error) };
    case 'permanent':
      return { kind: 'permanent', error: describeFailure(outcome.error) };
  }
}
