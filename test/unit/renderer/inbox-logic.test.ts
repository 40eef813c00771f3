import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../main/api/contract';
import { actorOf, bulkActions } from '../../../renderer/src/inbox/bulk-actions';
import {
  activeFilterCount,
  defaultFilter,
  fromListInput,
  type InboxFilter,
  isFiltered,
  toListInput,
} from '../../../renderer/src/inbox/inbox-filter';
import {
  missingPages,
  pagesFor,
  pagesToKeep,
  rowCount,
  totalFromFirstPage,
  withTotals,
} from '../../../renderer/src/inbox/page-window';
import {
  emptySelection,
  refreshRows,
  selectAll,
  selectRange,
  toggleRow,
} from '../../../renderer/src/inbox/selection';
import type { InboxRow } from '../../../shared/cases/types';

const row = (n: number, patch: Partial<InboxRow> = {}): InboxRow => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  fileReference: null,
  applicantName: `Person ${n}`,
  serviceName: 'Wohngeld',
  status: 'new',
  receivedAt: '2025-03-01T09:00:00.000Z',
  deadlineAt: null,
  assignee: null,
  verification: 'passed',
  version: 1,
  ...patch,
});

describe('inbox filter ↔ cases.list input', () => {
  it('the inbox opens on open work (new, in progress, waiting), newest first', () => {
    expect(toListInput(defaultFilter)).toEqual({
      status: ['new', 'in_review', 'accepted', 'handed_over', 'notice_sent', 'inquiry', 'resubmission'],
      sort: { column: 'receivedAt', dir: 'desc' },
    });
    expect(isFiltered(defaultFilter)).toBe(false);
    expect(activeFilterCount(defaultFilter)).toBe(0);
    expect(fromListInput(toListInput(defaultFilter))).toEqual(defaultFilter);
  });

  it('the person filter offers the team choices: the cases I follow, those of colleagues I cover for', () => {
    for (const scope of ['followed', 'covered'] as const) {
      const filter = { ...defaultFilter, assignee: scope };
      const input = toListInput(filter);
      expect(input.scope).toBe(scope);
      expect(input.assignee).toBeUndefined();
      expect(fromListInput(input)).toEqual(filter);
    }
  });

  it('closed, rejected and archived cases come with "Erledigte anzeigen" or when chosen by status', () => {
    const withFinished = { ...defaultFilter, finished: true };
    expect(toListInput(withFinished)).toEqual({ sort: defaultFilter.sort });
    expect(isFiltered(withFinished)).toBe(true);
    expect(activeFilterCount(withFinished)).toBe(1);
    expect(fromListInput(toListInput(withFinished))).toEqual(withFinished);
    expect(toListInput({ ...defaultFilter, status: ['archived'] }).status).toEqual(['archived']);
  });

  it('translates every field; received dates become the authority’s day bounds, the upper one exclusive', () => {
    const filter: InboxFilter = {
      status: ['new', 'in_review'],
      finished: false,
      service: ['urn:de:fim:leika:leistung:99050012104000'],
      receivedFrom: '2025-03-01',
      receivedTo: '2025-03-31',
      assignee: 'me',
      overdue: true,
      verification: 'failed',
      text: '  Muster  ',
      sort: { column: 'deadlineAt', dir: 'asc' },
    };
    expect(toListInput(filter)).toEqual({
      status: ['new', 'in_review'],
      service: ['urn:de:fim:leika:leistung:99050012104000'],
      receivedFrom: '2025-02-28T23:00:00.000Z',
      receivedTo: '2025-03-31T22:00:00.000Z',
      assignee: 'me',
      overdue: true,
      verification: 'failed',
      text: 'Muster',
      sort: { column: 'deadlineAt', dir: 'asc' },
    });
    expect(isFiltered(filter)).toBe(true);
    expect(activeFilterCount(filter)).toBe(7);
    expect(activeFilterCount({ ...defaultFilter, text: 'x', sort: filter.sort })).toBe(0);
    expect(fromListInput(toListInput(filter))).toEqual({ ...filter, text: 'Muster' });
  });

  it('received days are Berlin days on a workstation in another zone, across the change to summer time', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      // 29.03.2026: clocks go from 02:00 CET to 03:00 CEST; the day begins at +1 h and ends at +2 h.
      const filter: InboxFilter = { ...defaultFilter, receivedFrom: '2026-03-29', receivedTo: '2026-03-29' };
      const input = toListInput(filter);
      expect([input.receivedFrom, input.receivedTo]).toEqual([
        '2026-03-28T23:00:00.000Z',
        '2026-03-29T22:00:00.000Z',
      ]);
      expect(fromListInput(input)).toEqual(filter);
      // 25.10.2026 back to winter time: a 25-hour day.
      const autumn = toListInput({ ...defaultFilter, receivedFrom: '2026-10-25', receivedTo: '2026-10-25' });
      expect([autumn.receivedFrom, autumn.receivedTo]).toEqual([
        '2026-10-24T22:00:00.000Z',
        '2026-10-25T23:00:00.000Z',
      ]);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('a whitespace-only search is no search', () => {
    expect(toListInput({ ...defaultFilter, text: '   ' })).toEqual(toListInput(defaultFilter));
  });

  it('a saved query without sort gets the default sort', () => {
    expect(fromListInput({ status: ['new'] })).toEqual({ ...defaultFilter, status: ['new'] });
  });
});

describe('page window', () => {
  it('names the pages a visible range touches, within the total', () => {
    expect(pagesFor(0, 30, 1000, 100)).toEqual([0]);
    expect(pagesFor(95, 130, 1000, 100)).toEqual([0, 1]);
    expect(pagesFor(950, 1200, 1000, 100)).toEqual([9]);
    expect(pagesFor(0, 10, 0, 100)).toEqual([]);
    expect(pagesFor(10, 5, 100, 100)).toEqual([]);
  });

  it('asks only for pages not already there', () => {
    expect(missingPages([3, 4, 5], new Set([4]))).toEqual([3, 5]);
  });

  it('knows the total from a short first page, and lays out the held rows until the total is known', () => {
    expect(totalFromFirstPage(0, 100)).toBe(0);
    expect(totalFromFirstPage(42, 100)).toBe(42);
    expect(totalFromFirstPage(100, 100)).toBeNull();
    const held = new Map([
      [0, new Array(100).fill(null)],
      [1, new Array(37).fill(null)],
    ]);
    expect(rowCount(null, held, 100)).toBe(137);
    expect(rowCount(null, new Map(), 100)).toBe(0);
    expect(rowCount(5000, held, 100)).toBe(5000);
  });

  it('grows the range past a capped total a page at a time, until a page comes back short', () => {
    const pages = (...entries: [number, number][]) =>
      new Map(entries.map(([page, rows]) => [page, new Array(rows).fill(null)]));
    expect(rowCount(1000, pages([0, 100], [1, 100]), 100, true)).toBe(1001);
    expect(rowCount(1000, pages([8, 100], [9, 100]), 100, true)).toBe(1100);
    expect(rowCount(1000, pages([9, 100], [10, 100]), 100, true)).toBe(1200);
    expect(rowCount(1000, pages([9, 100], [10, 37]), 100, true)).toBe(1037);
    expect(rowCount(1000, pages([9, 100], [10, 100]), 100, false)).toBe(1000);
  });

  it('asks for the total with the first page of a reload only', () => {
    expect(withTotals([0], true)).toEqual([{ page: 0, withTotal: true }]);
    expect(withTotals([4, 5], true)).toEqual([
      { page: 4, withTotal: true },
      { page: 5, withTotal: false },
    ]);
    expect(withTotals([6, 7], false).some((asked) => asked.withTotal)).toBe(false);
  });

  it('keeps pages near the visible ones only', () => {
    expect([...pagesToKeep([10, 11], [0, 4, 5, 10, 16, 17], 5)].sort((a, b) => a - b)).toEqual([5, 10, 16]);
    expect(pagesToKeep([], [1, 2]).size).toBe(0);
  });
});

describe('selection', () => {
  const rows = Array.from({ length: 10 }, (_, i) => row(i));
  const rowAt = (i: number) => rows[i];

  it('toggles a row and sets the anchor', () => {
    const one = toggleRow(emptySelection, 2, row(2));
    expect([...one.rows.keys()]).toEqual([row(2).id]);
    expect(one.anchor).toBe(2);
    expect(toggleRow(one, 2, row(2)).rows.size).toBe(0);
  });

  it('Shift selects from the anchor, and extending back shrinks the range again', () => {
    let selection = toggleRow(emptySelection, 2, row(2));
    selection = selectRange(selection, 5, rowAt);
    expect([...selection.rows.keys()]).toEqual([2, 3, 4, 5].map((i) => row(i).id));
    selection = selectRange(selection, 3, rowAt);
    expect([...selection.rows.keys()]).toEqual([2, 3].map((i) => row(i).id));
    selection = selectRange(selection, 0, rowAt);
    expect(new Set(selection.rows.keys())).toEqual(new Set([0, 1, 2].map((i) => row(i).id)));
  });

  it('a range adds to what was selected before the anchor was set', () => {
    let selection = toggleRow(emptySelection, 8, row(8));
    selection = toggleRow(selection, 1, row(1));
    selection = selectRange(selection, 3, rowAt);
    expect(new Set(selection.rows.keys())).toEqual(new Set([1, 2, 3, 8].map((i) => row(i).id)));
  });

  it('rows not loaded cannot be selected unseen', () => {
    const sparse = (i: number) => (i % 2 === 0 ? rows[i] : undefined);
    const selection = selectRange(toggleRow(emptySelection, 0, row(0)), 4, sparse);
    expect(selection.rows.size).toBe(3);
  });

  it('select all takes loaded rows up to the limit; refresh replaces stale copies', () => {
    const all = selectAll(rows, 4);
    expect(all.rows.size).toBe(4);
    const fresh = row(1, { status: 'in_review', version: 2 });
    const refreshed = refreshRows(all, [fresh, row(9)]);
    expect(refreshed.rows.get(fresh.id)?.version).toBe(2);
    expect(refreshed.rows.has(row(9).id)).toBe(false);
    expect(refreshRows(refreshed, [])).toBe(refreshed);
  });
});

describe('bulk actions', () => {
  const worker: Principal = {
    userId: 'u-1',
    displayName: 'Sam Sachbearbeitung',
    department: 'd',
    roles: ['Sachbearbeitung'],
  };
  const lead: Principal = { ...worker, userId: 'u-lead', roles: ['Teamleitung'] };

  it('offers only what the workflow allows on every selected case', () => {
    expect(bulkActions([row(1), row(2)], worker)).toEqual(['claim']);
    expect(bulkActions([row(1, { status: 'in_review', assignee: 'u-1' })], worker)).toEqual([
      'release',
      'accept',
    ]);
    expect(bulkActions([row(1), row(2, { status: 'in_review', assignee: 'u-1' })], worker)).toEqual([]);
  });

  it('leaves out actions that need input (reject, resubmit, reassign) or have their own call (sendNotice, inquire)', () => {
    const mine = row(1, { status: 'in_review', assignee: 'u-1' });
    expect(bulkActions([mine], lead)).toEqual(['release', 'accept']);
    expect(bulkActions([row(1, { status: 'accepted', assignee: 'u-1' })], worker)).toEqual(['handOver']);
  });

  it('offers nothing for cases in "Technische Prüfung" or with a failed check: reject and verify are one by one', () => {
    for (const verification of ['pending', 'failed'] as const) {
      expect(bulkActions([row(1, { verification }), row(2, { verification })], lead)).toEqual([]);
    }
    expect(bulkActions([row(1), row(2, { verification: 'pending' })], worker)).toEqual([]);
  });

  it('cases of others are open only to the team lead', () => {
    const others = row(1, { status: 'in_review', assignee: 'u-2' });
    expect(bulkActions([others], worker)).toEqual([]);
    expect(bulkActions([others], lead)).toEqual(['release', 'accept']);
    expect(actorOf(lead)).toEqual({ userId: 'u-lead', isTeamLead: true });
  });

  it('nothing without a session or selection', () => {
    expect(bulkActions([row(1)], null)).toEqual([]);
    expect(bulkActions([], worker)).toEqual([]);
  });
});
