/**
 * How far the Bescheid of a case has got on its way to the citizen. A Bescheid counts as sent ("versandt")
 * only once a delivery reached the citizen or a person posted it; until then the case may not be archived.
 * Pure.
 */
import type { BescheidOnItsWay } from '../../shared/cases/types';
import type { DeliveryRecord, NoticeRecord } from './service/records';
import { isBescheid } from './template';

/** underway: queued, sending or retrying; failed: a person must act; print: to be printed and posted. */
export type BescheidDelivery = BescheidOnItsWay | 'done';

/** Null when no Bescheid of the case has been sent yet. */
export function bescheidDelivery(
  notices: readonly Pick<NoticeRecord, 'id' | 'kind'>[],
  deliveries: readonly Pick<DeliveryRecord, 'noticeId' | 'state'>[],
): BescheidDelivery | null {
  const bescheide = new Set(notices.filter((notice) => isBescheid(notice.kind)).map((notice) => notice.id));
  const states = new Set(
    deliveries.filter((delivery) => bescheide.has(delivery.noticeId)).map((delivery) => delivery.state),
  );
  if (states.has('delivered') || states.has('posted')) return 'done';
  if (states.has('print')) return 'print';
  if (states.has('queued') || states.has('sending') || states.has('retrying')) return 'underway';
  if (states.has('failed')) return 'failed';
  return null;
}
