import type { EventHub } from '../api/events';
import type { Outbox } from '../outbox';

/**
 * Every state change of an outbox item that belongs to a case (FIT-Connect events, notice deliveries,
 * hand-overs, archive exports, whatever type comes next) is a change of that case: an open case view
 * reloads and shows it. The one place that says so. Returns the unsubscribe function.
 */
export function reportCaseChanges(
  outbox: Pick<Outbox, 'subscribe'>,
  events: Pick<EventHub, 'emit'>,
): () => void {
  return outbox.subscribe((item) => {
    if (item.caseId !== null) events.emit('cases.changed', { ids: [item.caseId] });
  });
}
