/**
 * A sealed notice and its deliveries as the vault keeps them. Pure types, so the API contract can name them
 * for the renderer.
 */

import type { JsonObject } from '../../../shared/cases/types';
import type { NoticeChannel } from '../../../shared/delivery/channel';
import type { NoticeKind } from '../template';

export interface NoticeRecord {
  id: string;
  caseId: string;
  version: number;
  kind: NoticeKind;
  templateId: string;
  title: string;
  /** The sealed words as plain text. */
  text: string;
  sealedAt: string;
  /** User id of who sealed it. */
  sealedBy: string;
  /** SHA-512 of the sealed PDF, lowercase hex. */
  sha512: string;
}

/**
 * queued: waiting for its first attempt; sending: a ZBP submission is under way; retrying: an attempt failed
 * and the outbox tries again; delivered; failed: a person must act (then retry); replaced: failed, and a
 * person chose post instead; print: to be printed and posted; posted: printed and posted, as a person
 * confirmed.
 */
export const deliveryStates = [
  'queued',
  'sending',
  'retrying',
  'delivered',
  'failed',
  'replaced',
  'print',
  'posted',
] as const;
export type DeliveryState = (typeof deliveryStates)[number];

export interface DeliveryRecord {
  id: string;
  noticeId: string;
  channel: NoticeChannel;
  state: DeliveryState;
  /** For ZBP the FIT-Connect submission (recorded before upload); for e-mail the Message-ID. */
  receipt: JsonObject | null;
  /** `<code>: <message>` of the last failed attempt. */
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One delivery of one of a case's notices, as far as the inbox needs it (see `bescheidDelivery`). */
export interface CaseDeliveryState {
  caseId: string;
  noticeId: string;
  kind: NoticeKind;
  state: DeliveryState;
}

/** A delivery with the outbox item carrying it (a failed one can be retried); null for print-and-post. */
export interface NoticeDeliveryView extends DeliveryRecord {
  outboxItemId: string | null;
}

/** A sealed version with its deliveries, as the case view lists them. */
export interface NoticeView extends NoticeRecord {
  deliveries: NoticeDeliveryView[];
}

export interface SendResult {
  delivery: NoticeDeliveryView;
  /** False when the notice had been sent on this channel before: nothing new was queued. */
  created: boolean;
}
