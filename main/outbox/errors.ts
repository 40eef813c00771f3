/** Errors of the outbox; messages name item ids only. */
import { CodedError } from '../../shared/coded-error';

export type OutboxErrorCode =
  | 'outbox-not-in-transaction'
  | 'outbox-item-not-found'
  | 'outbox-not-failed'
  | 'outbox-invalid-input';

const messages: Record<OutboxErrorCode, string> = {
  'outbox-not-in-transaction':
    'An outbox item must be enqueued inside the transaction of the change that causes it.',
  'outbox-item-not-found': 'The outbox item does not exist.',
  'outbox-not-failed': 'Only a failed outbox item can be retried.',
  'outbox-invalid-input': 'A value given to the outbox is not valid.',
};

export class OutboxError extends CodedError<OutboxErrorCode> {
  readonly itemId: string | undefined;

  constructor(code: OutboxErrorCode, itemId?: string, detail?: string) {
    const suffix = [itemId && `item ${itemId}`, detail].filter(Boolean).join(', ');
    super(code, suffix ? `${messages[code]} [${suffix}]` : messages[code]);
    this.name = 'OutboxError';
    this.itemId = itemId;
  }
}
