/** A case's event log as the sender reads it: the compact SETs of all pages, oldest first. */

import { apiPath } from '../../http/path';
import { eventLogPage, readEventLog } from '../api-answers';
import type { SenderTransport } from './transport';

/** A page of 500 signed events stays well below this. */
const MAX_PAGE_BYTES = 16 * 1024 ** 2;

export function caseEventsOf(transport: SenderTransport, caseId: string): Promise<string[]> {
  return readEventLog((query) =>
    transport.callFor(
      {
        method: 'GET',
        path: apiPath`/cases/${caseId}/events`,
        query,
        step: 'event log',
        idempotent: true,
        maxBytes: MAX_PAGE_BYTES,
      },
      eventLogPage,
    ),
  );
}
