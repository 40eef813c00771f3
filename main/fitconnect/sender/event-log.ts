/** A case's event log as the sender reads it: the compact SETs of all pages, oldest first. */

import { z } from 'zod';
import { apiPath } from '../../http/path';
import type { SenderTransport } from './transport';

const page = z.object({
  count: z.number().int().min(0),
  totalCount: z.number().int().min(0),
  eventLog: z.array(z.string()),
});

const PAGE_SIZE = 500;
/** A page of 500 signed events stays well below this. */
const MAX_PAGE_BYTES = 16 * 1024 ** 2;

export async function caseEventsOf(transport: SenderTransport, caseId: string): Promise<string[]> {
  const tokens: string[] = [];
  for (let offset = 0; ; ) {
    const { count, totalCount, eventLog } = await transport.callFor(
      {
        method: 'GET',
        path: apiPath`/cases/${caseId}/events`,
        query: { offset: String(offset), limit: String(PAGE_SIZE) },
        step: 'event log',
        idempotent: true,
        maxBytes: MAX_PAGE_BYTES,
      },
      page,
    );
    tokens.push(...eventLog);
    offset += count;
    if (count === 0 || offset >= totalCount) return tokens;
  }
}
