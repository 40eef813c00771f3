/** The durable outbox: see outbox.ts. */
export { type BackoffPolicy, fullJitterDelay } from './backoff';
export { OutboxError, type OutboxErrorCode } from './errors';
export { isOutboxType, outboxPayloads, type ZbpStatus, zbpStatuses } from './items';
export { Outbox, type OutboxListener, type OutboxOptions } from './outbox';
export type { OutboxListFilter } from './store';
export * from './types';
