/** The outbox's slice of the API: what waits to be delivered, and a retry for what failed. */
import { z } from 'zod';
import { call, event, id, none } from '../../shared/api/call';

export interface OutboxCounts {
  pending: number;
  inFlight: number;
  failed: number;
  delivered: number;
}

export const outboxStates = ['pending', 'in_flight', 'delivered', 'failed'] as const;

export interface OutboxItemView {
  id: string;
  type: string;
  caseId: string | null;
  state: (typeof outboxStates)[number];
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

export const outboxCalls = {
  'outbox.counts': call<OutboxCounts>()(none),
  'outbox.list': call<OutboxItemView[]>()(z.object({ state: z.enum(outboxStates).optional() }).strict()),
  'outbox.retry': call<void>()(z.object({ id }).strict()),
} as const;

export const outboxEvents = {
  'outbox.changed': event<OutboxCounts>(),
} as const;
