/**
 * The inbox's multi-selection. A click or `x` toggles one row and sets the anchor; Shift+click or
 * Shift+arrow selects from the anchor to the row, on top of what was selected when the anchor was set
 * (so extending back shrinks the range again). Rows are kept by id with their status, assignee and
 * version, because the bulk bar judges them even when their page has scrolled out. Pure.
 */
import type { InboxRow } from '../../../shared/cases/types';

export interface Selection {
  rows: ReadonlyMap<string, InboxRow>;
  anchor: number | null;
  /** The selection when the anchor was set; ranges are drawn on top of it. */
  base: ReadonlyMap<string, InboxRow>;
}

export const emptySelection: Selection = { rows: new Map(), anchor: null, base: new Map() };

export function toggleRow(selection: Selection, index: number, row: InboxRow): Selection {
  const rows = new Map(selection.rows);
  if (rows.has(row.id)) rows.delete(row.id);
  else rows.set(row.id, row);
  return { rows, anchor: index, base: rows };
}

/** `rowAt` returns undefined for rows not loaded yet; they cannot be selected unseen. */
export function selectRange(
  selection: Selection,
  index: number,
  rowAt: (index: number) => InboxRow | undefined,
): Selection {
  const anchor = selection.anchor ?? index;
  const rows = new Map(selection.base);
  for (let i = Math.min(anchor, index); i <= Math.max(anchor, index); i++) {
    const row = rowAt(i);
    if (row) rows.set(row.id, row);
  }
  return { rows, anchor, base: selection.base };
}

export function selectAll(rows: readonly InboxRow[], limit: number): Selection {
  const selected = new Map(rows.slice(0, limit).map((row) => [row.id, row] as const));
  return { rows: selected, anchor: null, base: selected };
}

/** Fresh copies of selected rows (after a reload) replace the stale ones; unseen rows stay as they were. */
export function refreshRows(selection: Selection, fresh: readonly InboxRow[]): Selection {
  let changed = false;
  const rows = new Map(selection.rows);
  for (const row of fresh) {
    if (rows.has(row.id) && rows.get(row.id) !== row) {
      rows.set(row.id, row);
      changed = true;
    }
  }
  return changed ? { ...selection, rows } : selection;
}
