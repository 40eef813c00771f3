/**
 * The hand-over and archive deliveries of a case as the case view shows them: the outbox item tells the
 * state (queued, retrying, failed with its reason), the receipt stored on the case tells what was delivered.
 * A receipt outlives its item's details, so a purged case still shows where its records went. Pure.
 */

import { parseFailure } from '../outbox/attempt';
import type { OutboxItem, OutboxType } from '../outbox/types';
import type { CasePurge, CaseReceipt, ReceiptKind } from '../vault';
import type { CasePurgeView, CaseReceiptView, ReceiptState } from './api';

/** The outbox item types that carry a case's deliveries, by receipt kind. */
export const DELIVERY_ITEM_TYPES = {
  handover: 'handover',
  archive: 'archive',
} as const satisfies Readonly<Record<ReceiptKind, OutboxType>>;

export function caseReceiptViews(
  receipts: readonly CaseReceipt[],
  items: readonly OutboxItem[],
): CaseReceiptView[] {
  const views: CaseReceiptView[] = [];
  const shown = new Set<string>();
  for (const item of items) {
    const kind = kindOf(item.type);
    if (kind === undefined) continue;
    const receipt = receipts.find((candidate) => candidate.outboxItemId === item.id);
    if (receipt) shown.add(receipt.id);
    const error = item.state === 'delivered' || receipt ? null : parseFailure(item.lastError);
    views.push({
      kind,
      state: receipt ? 'delivered' : stateOf(item),
      outboxItemId: item.id,
      attempts: item.attempts,
      errorCode: error?.code ?? null,
      errorMessage: error?.message ?? null,
      nextAttemptAt: item.state === 'pending' && !receipt ? item.nextAttemptAt : null,
      deliveredAt: receipt?.deliveredAt ?? null,
      receipt: receipt?.receipt ?? null,
    });
  }
  for (const receipt of receipts) {
    if (shown.has(receipt.id)) continue;
    views.push({
      kind: receipt.kind,
      state: 'delivered',
      outboxItemId: null,
      attempts: 0,
      errorCode: null,
      errorMessage: null,
      nextAttemptAt: null,
      deliveredAt: receipt.deliveredAt,
      receipt: receipt.receipt,
    });
  }
  return views;
}

export function casePurgeView(
  purge: CasePurge | null,
  receipts: readonly CaseReceipt[],
): CasePurgeView | null {
  if (purge === null) return null;
  return { purgedAt: purge.purgedAt, archivedAt: lastArchivedAt(receipts) };
}

/** When the case's latest archive was confirmed, if ever. */
export function lastArchivedAt(receipts: readonly CaseReceipt[]): string | null {
  const times = receipts.filter((receipt) => receipt.kind === 'archive').map((r) => r.deliveredAt);
  return times.length === 0 ? null : (times.sort().at(-1) ?? null);
}

/** An archive is on its way: a second one must not be started next to it. */
export function archiveUnderway(items: readonly OutboxItem[]): boolean {
  return items.some(
    (item) =>
      item.type === DELIVERY_ITEM_TYPES.archive && (item.state === 'pending' || item.state === 'in_flight'),
  );
}

function kindOf(type: string): ReceiptKind | undefined {
  return (Object.keys(DELIVERY_ITEM_TYPES) as ReceiptKind[]).find(
    (kind) => DELIVERY_ITEM_TYPES[kind] === type,
  );
}

function stateOf(item: OutboxItem): ReceiptState {
  if (item.state === 'failed') return 'failed';
  if (item.state === 'delivered') return 'delivered';
  return item.lastError === null ? 'queued' : 'retrying';
}

/**
 * A hand-over was started: it is on its way, done, or failed (a failed one is retried, not started anew,
 * so that a retry asks about what the failed one may have sent).
 */
export function handoverStarted(items: readonly OutboxItem[]): boolean {
  return items.some((item) => item.type === DELIVERY_ITEM_TYPES.handover);
}
