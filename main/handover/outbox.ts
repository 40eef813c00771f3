/**
 * Bridges a hand-over outcome to the outbox worker's handler result. The outbox keeps an error as one
 * string: `<code>: <message>`, so the code the UI translates survives.
 */
import type { HandlerResult } from '../outbox/types';
import type { HandoverOutcome } from './adapters/adapter';
import type { HandoverError } from './errors';

export function toOutboxResult(outcome: HandoverOutcome): HandlerResult {
  switch (outcome.kind) {
    case 'delivered':
      return { kind: 'delivered', receipt: outcome.receipt, repeat: outcome.repeat };
    case 'retry':
      return { kind: 'retry', error: describe(outcome.error) };
    case 'permanent':
      return { kind: 'permanent', error: describe(outcome.error) };
  }
}

function describe(error: HandoverError): string {
  return `${error.code}: ${error.message}`;
}
