/** The outbox's calls: counts, the items (by state) and a retry of a failed one. */
import type { CaseWorkerCheck, SliceHandlers } from '../../shared/api/call';
import type { OutboxItemView, outboxCalls } from './api';
import type { Outbox } from './outbox';
import type { OutboxItem } from './types';

export function outboxHandlers(
  outbox: Outbox,
  caseWorker: CaseWorkerCheck<unknown>,
): SliceHandlers<typeof outboxCalls> {
  return {
    'outbox.counts': () => outbox.summary(),
    'outbox.list': ({ state }) => {
      caseWorker('case.read');
      return outbox.list(state ? { state } : {}).map(outboxView);
    },
    'outbox.retry': ({ id }) => {
      caseWorker('case.process');
      outbox.retry(id);
    },
  };
}

function outboxView(item: OutboxItem): OutboxItemView {
  return {
    id: item.id,
    type: item.type,
    caseId: item.caseId,
    state: item.state,
    attempts: item.attempts,
    lastError: item.lastError,
    nextAttemptAt: item.state === 'pending' ? item.nextAttemptAt : null,
    createdAt: item.createdAt,
  };
}
