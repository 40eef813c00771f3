/**
 * The inbox table: an ARIA grid on table elements, virtualized (only the rows in view and a few around
 * them are in the DOM; the rows are positioned absolutely, TanStack's virtual-table pattern), with rows
 * fetched page by page as one scrolls. Focus stays on the grid; the active row is
 * named by aria-activedescendant. Arrows and j/k move, Enter opens, x or Space selects, Shift extends.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSortColumn, InboxRow } from '../../../shared/cases/types';
import { keyName, shortcutFor } from '../keyboard/shortcuts';
import { inboxColumns } from './columns';
import { GridRow, type RowEvent } from './GridRow';
import type { InboxFilter } from './inbox-filter';
import { emptySelection, type Selection, selectAll, selectRange, toggleRow } from './selection';
import type { CaseWindow } from './useCaseWindow';

/** Row and header heights in px: one line per row, or three when the inbox reflows (narrower than 1280 px, or zoomed). */
const WIDE = { row: 40, header: 44 };
const NARROW = { row: 84, header: 84 };
/** Below this width the columns reflow into three lines per row (styles.css, same width). */
const NARROW_QUERY = '(max-width: 79.5rem)';

/** The row layout for the window's width, following it as it changes (zoom, resize). */
function useRowLayout(): typeof WIDE {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(NARROW_QUERY);
    const update = () => setNarrow(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return narrow ? NARROW : WIDE;
}
/** `cases.bulkTransition` takes at most this many ids. */
export const SELECTION_LIMIT = 500;

export interface CaseGridProps {
  cases: CaseWindow;
  gridRef: RefObject<HTMLTableElement | null>;
  activeIndex: number;
  onActiveChange: (index: number) => void;
  selection: Selection;
  onSelectionChange: (selection: Selection) => void;
  sort: InboxFilter['sort'];
  onSort: (column: CaseSortColumn) => void;
  onOpen: (row: InboxRow) => void;
}

export function CaseGrid({
  cases,
  gridRef,
  activeIndex,
  onActiveChange,
  selection,
  onSelectionChange,
  sort,
  onSort,
  onOpen,
}: CaseGridProps) {
  const { t } = useTranslation();
  // Laid out as far as known: a new query's rows arrive a moment before its total.
  const total = cases.rowCount;
  const { row: rowHeight, header: headerHeight } = useRowLayout();

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => gridRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new row height means measuring anew.
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  const { ensure } = cases;
  useEffect(() => {
    ensure(first, last);
  }, [ensure, first, last]);

  const move = (index: number, extend: boolean) => {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, index));
    onActiveChange(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    if (extend) onSelectionChange(selectRange(selection, next, cases.rowAt));
  };

  const pageRows = Math.max(
    1,
    Math.floor(((gridRef.current?.clientHeight ?? 400) - headerHeight) / rowHeight) - 1,
  );

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (event.target !== event.currentTarget) return;
    const key = keyName(event);
    const id = key === null ? null : shortcutFor(key, 'list');
    if (id === null) return;
    event.preventDefault();
    const row = cases.rowAt(activeIndex);
    switch (id) {
      case 'next':
        return move(activeIndex + 1, false);
      case 'previous':
        return move(activeIndex - 1, false);
      case 'extendNext':
        if (selection.anchor === null && row) onSelectionChange(toggleRow(selection, activeIndex, row));
        return move(activeIndex + 1, true);
      case 'extendPrevious':
        if (selection.anchor === null && row) onSelectionChange(toggleRow(selection, activeIndex, row));
        return move(activeIndex - 1, true);
      case 'pageDown':
        return move(activeIndex + pageRows, false);
      case 'pageUp':
        return move(activeIndex - pageRows, false);
      case 'first':
        return move(0, false);
      case 'last':
        return move(total - 1, false);
      case 'open':
        if (row) onOpen(row);
        return;
      case 'toggleSelection':
        if (row) onSelectionChange(toggleRow(selection, activeIndex, row));
        return;
      case 'clearSelection':
        onSelectionChange(emptySelection);
        return;
    }
  };

  const onRowClick: RowEvent = (event, index, row) => {
    onActiveChange(index);
    if (event.shiftKey) {
      event.preventDefault();
      onSelectionChange(selectRange(selection, index, cases.rowAt));
    } else if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      onSelectionChange(toggleRow(selection, index, row));
    } else if (!(event.target as Element).closest('a, input')) {
      onOpen(row);
    }
  };

  const onCheckboxClick: RowEvent = (event, index, row) => {
    event.stopPropagation();
    onActiveChange(index);
    onSelectionChange(
      event.shiftKey ? selectRange(selection, index, cases.rowAt) : toggleRow(selection, index, row),
    );
  };
  // Stable identities for the memoized rows; they call the latest handlers.
  const latest = useRef({ onRowClick, onCheckboxClick });
  latest.current = { onRowClick, onCheckboxClick };
  const rowClick = useCallback<RowEvent>((...args) => latest.current.onRowClick(...args), []);
  const checkboxClick = useCallback<RowEvent>((...args) => latest.current.onCheckboxClick(...args), []);

  const loaded = cases.loadedRows();
  const selectedLoaded = loaded.filter((row) => selection.rows.has(row.id)).length;
  const allSelected = loaded.length > 0 && selectedLoaded === Math.min(loaded.length, SELECTION_LIMIT);
  const headerCheckbox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (headerCheckbox.current)
      headerCheckbox.current.indeterminate = selection.rows.size > 0 && !allSelected;
  }, [selection.rows.size, allSelected]);

  const activeRendered = items.some((item) => item.index === activeIndex);

  const ariaSort = (sortColumn: CaseSortColumn) => {
    if (sort.column !== sortColumn) return 'none';
    return sort.dir === 'asc' ? 'ascending' : 'descending';
  };

  return (
    <table
      ref={gridRef}
      // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: ARIA in HTML allows any role on <table>; this is the WAI-ARIA data grid pattern
      role="grid"
      className="case-grid"
      aria-label={t('inbox.gridLabel')}
      aria-rowcount={cases.total === null || cases.moreThanTotal ? -1 : cases.total + 1}
      aria-colcount={inboxColumns.length + 1}
      aria-multiselectable="true"
      aria-busy={cases.loading}
      aria-activedescendant={activeRendered && total > 0 ? `case-row-${activeIndex}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={(event) => {
        if (event.target === event.currentTarget && total > 0 && !activeRendered) {
          virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
        }
      }}
      data-testid="case-grid"
    >
      <thead className="grid-head">
        <tr aria-rowindex={1} className="grid-row" style={{ height: headerHeight }}>
          <th className="cell cell-select">
            <input
              ref={headerCheckbox}
              type="checkbox"
              tabIndex={-1}
              aria-label={t('inbox.selectLoaded')}
              checked={allSelected}
              onChange={() =>
                onSelectionChange(allSelected ? emptySelection : selectAll(loaded, SELECTION_LIMIT))
              }
            />
          </th>
          {inboxColumns.map((column) => (
            <th key={column.id} className={`cell cell-${column.id}`} aria-sort={ariaSort(column.sort)}>
              <button type="button" className="sort-button" onClick={() => onSort(column.sort)}>
                {t(`inbox.columns.${column.id}`)}
                <span className="sort-indicator" aria-hidden="true">
                  {sort.column === column.sort ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = cases.rowAt(item.index);
          const top = item.start - headerHeight;
          const active = item.index === activeIndex;
          if (!row) {
            return (
              <tr
                key={item.key}
                id={`case-row-${item.index}`}
                aria-rowindex={item.index + 2}
                className={active ? 'grid-row is-placeholder is-active' : 'grid-row is-placeholder'}
                style={{ transform: `translateY(${top}px)`, height: rowHeight }}
              >
                <td colSpan={inboxColumns.length + 1} className="cell cell-placeholder">
                  {t('common.loading')}
                </td>
              </tr>
            );
          }
          return (
            <GridRow
              key={item.key}
              row={row}
              index={item.index}
              top={top}
              height={rowHeight}
              selected={selection.rows.has(row.id)}
              active={active}
              now={cases.now}
              onRowClick={rowClick}
              onCheckboxClick={checkboxClick}
            />
          );
        })}
      </tbody>
    </table>
  );
}
