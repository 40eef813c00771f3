/**
 * What both FIT-Connect clients read the same way from the Submission API: a case's event log, page by
 * page (each client fetches a page over its own transport), and a destination's public key.
 */
import { z } from 'zod';

export const eventLogPage = z.object({
  count: z.number().int().min(0),
  totalCount: z.number().int().min(0),
  eventLog: z.array(z.string()),
});
export type EventLogPage = z.infer<typeof eventLogPage>;

export const EVENT_LOG_PAGE_SIZE = 500;

/** A JWK as the API gives it: checked for its type here, for its use where it is imported. */
export const publicJwk = z.looseObject({ kty: z.string() });

/** The compact SETs of every page, oldest first. */
export async function readEventLog(
  fetchPage: (query: { offset: string; limit: string }) => Promise<EventLogPage>,
): Promise<string[]> {
  const tokens: string[] = [];
  for (let offset = 0; ; ) {
    const page = await fetchPage({ offset: String(offset), limit: String(EVENT_LOG_PAGE_SIZE) });
    tokens.push(...page.eventLog);
    offset += page.count;
    if (page.count === 0 || offset >= page.totalCount) return tokens;
  }
}
