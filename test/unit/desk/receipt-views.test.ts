import { describe, expect, it } from 'vitest';
import { archiveUnderway, casePurgeView, caseReceiptViews } from '../../../main/desk/receipt-views';
import type { OutboxItem } from '../../../main/outbox/types';
import type { CaseReceipt } from '../../../main/vault';

const CASE = '6f1c8a52-7d0e-4b8e-9a43-0c2b9d5e7f10';

function item(overrides: Partial<OutboxItem>): OutboxItem {
  return {
    id: 'item-1',
    type: 'archive',
    idempotencyKey: `archive:${CASE}:3`,
    caseId: CASE,
    payload: { caseId: CASE },
    state: 'pending',
    attempts: 0,
    nextAttemptAt: '2025-03-01T10:00:00.000Z',
    lastError: null,
    receipt: null,
    deliveredAsRepeat: false,
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    deliveredAt: null,
    ...overrides,
  };
}

function receipt(overrides: Partial<CaseReceipt>): CaseReceipt {
  return {
    id: 'receipt-1',
    caseId: CASE,
    kind: 'archive',
    outboxItemId: 'item-1',
    receipt: { fileName: 'x_FVDaten.SGOAblegen.0605.zip' },
    deliveredAt: '2025-03-01T10:01:00.000Z',
    ...overrides,
  };
}

describe('caseReceiptViews', () => {
  it('tells queued, retrying (with the failure’s code) and failed apart, and ignores other item types', () => {
    const views = caseReceiptViews(
      [],
      [
        item({ id: 'a' }),
        item({
          id: 'b',
          type: 'handover',
          attempts: 2,
          lastError: 'http-server-error: The specialist procedure is unavailable or busy. [HTTP 503]',
        }),
        item({ id: 'c', state: 'failed', attempts: 1, lastError: 'upload-rejected: The DMS rejected it.' }),
        item({ id: 'd', type: 'fitconnect.event' }),
      ],
    );
    expect(views.map((view) => [view.kind, view.state, view.errorCode])).toEqual([
      ['archive', 'queued', null],
      ['handover', 'retrying', 'http-server-error'],
      ['archive', 'failed', 'upload-rejected'],
    ]);
    expect(views[1]?.errorMessage).toBe('The specialist procedure is unavailable or busy. [HTTP 503]');
    expect(views[1]?.nextAttemptAt).toBe('2025-03-01T10:00:00.000Z');
    expect(views[2]?.nextAttemptAt).toBeNull();
  });

  it('shows a stored receipt as delivered, with or without its outbox item', () => {
    const stored = receipt({});
    const withItem = caseReceiptViews([stored], [item({ state: 'delivered', attempts: 2 })]);
    expect(withItem).toEqual([
      expect.objectContaining({ state: 'delivered', outboxItemId: 'item-1', receipt: stored.receipt }),
    ]);
    expect(caseReceiptViews([stored], [])).toEqual([
      expect.objectContaining({ state: 'delivered', outboxItemId: null, deliveredAt: stored.deliveredAt }),
    ]);
  });

  it('keeps an error without a code as a plain message', () => {
    const [view] = caseReceiptViews([], [item({ state: 'failed', lastError: 'handler threw TypeError' })]);
    expect(view).toMatchObject({ errorCode: 'failed', errorMessage: 'handler threw TypeError' });
  });
});

describe('archiveUnderway and casePurgeView', () => {
  it('an archive is under way while its item is pending or in flight, not once delivered or failed', () => {
    expect(archiveUnderway([item({ state: 'pending' })])).toBe(true);
    expect(archiveUnderway([item({ state: 'in_flight' })])).toBe(true);
    expect(archiveUnderway([item({ state: 'delivered' }), item({ state: 'failed' })])).toBe(false);
    expect(archiveUnderway([item({ type: 'handover' })])).toBe(false);
  });

  it('dates a purge by the latest confirmed archive', () => {
    const purge = { caseId: CASE, purgedAt: '2025-04-01T00:00:00.000Z', purgedBy: 'system' };
    const receipts = [
      receipt({ deliveredAt: '2025-03-01T10:01:00.000Z' }),
      receipt({ id: 'r2', outboxItemId: 'i2', deliveredAt: '2025-03-05T08:00:00.000Z' }),
      receipt({ id: 'r3', outboxItemId: 'i3', kind: 'handover', deliveredAt: '2025-03-09T08:00:00.000Z' }),
    ];
    expect(casePurgeView(purge, receipts)).toEqual({
      purgedAt: purge.purgedAt,
      archivedAt: '2025-03-05T08:00:00.000Z',
    });
    expect(casePurgeView(null, receipts)).toBeNull();
  });
});
