import { describe, expect, it } from 'vitest';
import { HandoverError } from '../../../main/handover/errors';
import { handlerResultOf } from '../../../main/outbox/attempt';

describe('delivery attempts as outbox results (a hand-over error as the example)', () => {
  it('passes receipts and repeats on, and keeps the error code with the message', () => {
    const receipt = { adapter: 'hot-folder' as const, directory: 'handover_1' };
    expect(handlerResultOf({ kind: 'delivered', receipt, repeat: true })).toEqual({
      kind: 'delivered',
      receipt,
      repeat: true,
    });
    const error = new HandoverError('http-server-error', { caseId: 'c-1', status: 503 });
    expect(handlerResultOf({ kind: 'retry', error })).toEqual({
      kind: 'retry',
      error: 'http-server-error: The specialist procedure is unavailable or busy. [case c-1; HTTP 503]',
    });
    expect(
      handlerResultOf({ kind: 'permanent', error: new HandoverError('target-conflict', { caseId: 'c-2' }) }),
    ).toEqual({
      kind: 'permanent',
      error:
        'target-conflict: The hand-over folder already holds a different record under the same name. [case c-2]',
    });
  });
});
