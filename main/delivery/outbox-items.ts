/**
 * The outbox items of notice delivery, built and read in one place: the notice service enqueues them, the
 * handlers registered in register.ts read them. Payloads carry ids only; the rest is looked up in the vault.
 */
import { z } from 'zod';
import type { NoticeChannel } from '../../shared/delivery/channel';
import type { OutboxItemInput } from '../outbox/types';
import { type ZbpStatus, zbpStatuses } from './zbp/fields';

export const NOTICE_DELIVERY = 'notice.delivery';
export const STATUS_UPDATE = 'zbp.status';

export const noticeDeliveryPayload = z.object({
  deliveryId: z.uuid(),
  noticeId: z.uuid(),
  channel: z.enum(['zbp', 'email']),
});
export type NoticeDeliveryPayload = z.infer<typeof noticeDeliveryPayload>;

export const statusUpdatePayload = z.object({
  caseId: z.string().min(1),
  status: z.enum(zbpStatuses),
  /** The notice whose sending caused the update, if one did. */
  noticeId: z.uuid().optional(),
});
export type StatusUpdatePayload = z.infer<typeof statusUpdatePayload>;

/** The submission a status update's attempt created, as it keeps it with its outbox item. */
export const submissionRef = z.object({
  submissionId: z.string().min(1),
  caseId: z.string().min(1),
  destinationId: z.string().min(1),
});

/** Names one delivery of one notice over one channel, whatever the attempt. */
export function noticeDeliveryKey(noticeId: string, channel: NoticeChannel): string {
  return `notice:${noticeId}:${channel}`;
}

/** One delivery of one notice over one channel: the key makes a second `send` of the same notice a no-op. */
export function noticeDeliveryItem(
  caseId: string,
  payload: NoticeDeliveryPayload & { channel: Exclude<NoticeChannel, 'post'> },
): OutboxItemInput {
  return {
    type: NOTICE_DELIVERY,
    idempotencyKey: noticeDeliveryKey(payload.noticeId, payload.channel),
    caseId,
    payload: { ...payload },
  };
}

/** A status update for the citizen's BundID application overview, once per cause (acceptance or a notice). */
export function statusUpdateItem(caseId: string, status: ZbpStatus, noticeId?: string): OutboxItemInput {
  return {
    type: STATUS_UPDATE,
    idempotencyKey: `status:${caseId}:${status}:${noticeId ?? 'case'}`,
    caseId,
    payload: { caseId, status, ...(noticeId === undefined ? {} : { noticeId }) },
  };
}
