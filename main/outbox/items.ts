/**
 * Every kind of outbox item and the schema of its payload, in one map: `enqueue` and `register` are typed
 * from it, `enqueue` checks a payload before it is stored, and the worker parses a stored payload before
 * its handler sees it. Payloads carry ids (and the few choices a person made); handlers look the rest up.
 * Kept free of the features' modules so that every feature can import it.
 */
import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const caseId = z.string().min(1);

/** The statuses of the citizen's BundID application overview (ZBP); a `zbp.status` item carries one. */
export const zbpStatuses = [
  'INITIATED',
  'SUBMITTED',
  'RECEIVED',
  'PROCESSING',
  'ACTION_REQUIRED',
  'COMPLETED',
] as const;
export type ZbpStatus = (typeof zbpStatuses)[number];

export const outboxPayloads = {
  /** The desk's accept or reject of one submission, signed and posted by the subscriber. */
  'fitconnect.event': z.object({
    event: z.enum(['accept-submission', 'reject-submission']),
    submissionId: z.string().regex(UUID),
    /** A problem name from the rejection problem table. */
    problem: z.string().optional(),
    text: z.string().optional(),
  }),
  /** One notice over one channel (see main/delivery/outbox-items.ts). */
  'notice.delivery': z.object({
    deliveryId: z.uuid(),
    noticeId: z.uuid(),
    channel: z.enum(['zbp', 'email']),
  }),
  /** A status update for the BundID application overview. */
  'zbp.status': z.object({
    caseId,
    status: z.enum(zbpStatuses),
    /** The notice whose sending caused the update, if one did. */
    noticeId: z.uuid().optional(),
  }),
  /** The case's record to its Fachverfahren. */
  handover: z.object({ caseId }),
  /** The case's xdomea package to the DMS. */
  archive: z.object({ caseId }),
} as const;

export type OutboxType = keyof typeof outboxPayloads;
export type OutboxPayload<T extends OutboxType> = z.infer<(typeof outboxPayloads)[T]>;

export function isOutboxType(type: string): type is OutboxType {
  return Object.hasOwn(outboxPayloads, type);
}
