/** The outbox's calls: counts, the items (by state) and a retry of a failed one. */
import type { CaseWorkerCheck, SliceHandlers } from '../../shared/api/call';
import { ApiError } from '../../shared/api/result';
import type { Principal } from '../../shared/auth/roles';
import type { OutboxItemView, outboxCalls } from './api';
import type { Outbox } from './outbox';
import type { OutboxItem } from './types';

/**
 * Every call is scoped to the case worker's department: items name case ids and the citizen's reply channel.
 * Another department's item is answered as unknown; its existence is not this person's business.
 */
export function outboxHandlers(
  outbox: Outbox,
  caseWorker: CaseWorkerCheck<Principal>,
  departmentOf: (caseId: string) => string,
): SliceHandlers<typeof outboxCalls> {
  return {
    'outbox.counts': () => outbox.summary(caseWorker('case.read').department),
    'outbox.list': ({ state }) => {
      const { department } = caseWorker('case.read');
      return outbox.list({ department, ...(state && { state }) }).map(outboxView);
    },
    'outbox.retry': ({ id }) => {
      const principal = caseWorker('case.process');
      const caseId = outbox.item(id)?.caseId;
      if (!caseId || departmentOf(caseId) !== principal.department) {
        throw new ApiError('not-found', `Outbox item ${id} not found.`);
      }
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
