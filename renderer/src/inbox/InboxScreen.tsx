/**
 * The department's inbox: filters, saved filters, search, the virtualized case grid, the bulk bar, and
 * the shortcuts that act on the selection or the active row. What the person set up survives opening a
 * case and coming back (the App keeps `InboxMemory`).
 */
import {
  type Dispatch,
  lazy,
  type RefObject,
  type SetStateAction,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { Button, Disclosure, DisclosurePanel } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { BulkResult, SavedFilter } from '../../../main/api/contract';
import { ApiError } from '../../../shared/api/result';
import type { CaseSortColumn, InboxRow } from '../../../shared/cases/types';
import { availableActions, type CaseAction } from '../../../shared/cases/workflow';
import { useApi } from '../api/context';
import { afterFirstPaint } from '../app/after-first-paint';
import { useDesk } from '../app/desk-context';
import { useScreenHeading } from '../app/useScreenHeading';
import { useShortcut } from '../keyboard/ShortcutProvider';
import { PresenceProvider } from '../team/presence';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';
import { WhenOpen } from '../ui/WhenOpen';
import { BulkBar } from './BulkBar';
import { actorOf, bulkActions } from './bulk-actions';
import { CaseGrid } from './CaseGrid';
import {
  activeFilterCount,
  defaultFilter,
  fromListInput,
  type InboxFilter,
  isFiltered,
  toListInput,
} from './inbox-filter';
import { SearchBox } from './SearchBox';
import { emptySelection, refreshRows, type Selection } from './selection';
import { type FirstPage, useCaseWindow } from './useCaseWindow';

export interface InboxMemory {
  filter: InboxFilter;
  savedFilterId: string | null;
  activeIndex: number;
  selection: Selection;
}

export const initialInboxMemory: InboxMemory = {
  filter: defaultFilter,
  savedFilterId: null,
  activeIndex: 0,
  selection: emptySelection,
};

/** Filters start folded away on narrow windows (or at high zoom), so the cases stay in view. */
const wideWindow = () => window.matchMedia('(min-width: 60rem)').matches;
// The filter fields (date pickers above all) and saved filters load once the first rows are painted,
// the reject dialog when first opened: a smaller start.
const FilterPanel = lazy(() =>
  afterFirstPaint()
    .then(() => import('./FilterPanel'))
    .then((m) => ({ default: m.FilterPanel })),
);
const RejectDialog = lazy(() => import('../case/RejectDialog').then((m) => ({ default: m.RejectDialog })));
/** Names sort A→Z first; dates newest first, except deadlines (most urgent first). */
const firstDirection = (column: CaseSortColumn) =>
  column === 'receivedAt' || column === 'updatedAt' ? 'desc' : 'asc';

type Outcome =
  | { kind: 'done'; action: CaseAction; count: number }
  | { kind: 'partial'; action: CaseAction; ok: number; failed: { name: string; error: MessageKey }[] }
  | { kind: 'notPossible'; action: CaseAction }
  | null;

export function InboxScreen({
  memory,
  setMemory,
  onOpenCase,
  searchRef,
  returning,
  firstPage,
}: {
  memory: InboxMemory;
  setMemory: Dispatch<SetStateAction<InboxMemory>>;
  onOpenCase: (caseId: string) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  /** Coming back from a case: focus returns to the grid (its active row), not the heading. */
  returning: boolean;
  /** The first page fetched at the app's start, if it answers this inbox's query. */
  firstPage: FirstPage | null;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const desk = useDesk();
  const heading = useRef<HTMLHeadingElement>(null);
  const gridRef = useRef<HTMLTableElement>(null);
  const { filter, selection, activeIndex } = memory;
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [rejecting, setRejecting] = useState<InboxRow | null>(null);

  useScreenHeading(t('inbox.title'), heading, !returning);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on arrival
  useEffect(() => {
    if (returning) gridRef.current?.focus();
  }, []);

  /** A changed filter starts over at the top with nothing selected; an unchanged one changes nothing. */
  const setFilter = useCallback(
    (patch: Partial<InboxFilter>, savedFilterId: string | null = null) =>
      setMemory((m) => {
        const filter = { ...m.filter, ...patch };
        if (JSON.stringify(filter) === JSON.stringify(m.filter) && savedFilterId === m.savedFilterId)
          return m;
        return { ...m, filter, savedFilterId, activeIndex: 0, selection: emptySelection };
      }),
    [setMemory],
  );

  const query = useMemo(() => toListInput(filter), [filter]);
  const cases = useCaseWindow(query, firstPage);
  const presenceIds = cases.loadedRows().map((row) => row.id);

  // Stable callbacks, so the filter controls (memoized) do not re-render when rows arrive. Every
  // keystroke asks at once, without a debounce: the case window keeps one first page on its way and
  // asks for the latest text when it is back, so fast typing never queues stale searches.
  const searchFor = useCallback((text: string) => setFilter({ text }), [setFilter]);
  const submitSearch = useCallback(() => gridRef.current?.focus(), []);
  const applySaved = useCallback(
    (saved: SavedFilter) => setFilter(fromListInput(saved.query), saved.id),
    [setFilter],
  );
  const resetFilter = useCallback(() => setFilter(defaultFilter), [setFilter]);

  // Keep the selected rows' status and version as fresh as the pages on screen.
  useEffect(() => {
    setMemory((m) => {
      const selection = refreshRows(m.selection, cases.loadedRows());
      return selection === m.selection ? m : { ...m, selection };
    });
  }, [cases.loadedRows, setMemory]);

  const total = cases.total;
  // A capped total is a floor: rows past it exist and may be active.
  const rows = cases.moreThanTotal ? null : total;
  useEffect(() => {
    if (rows !== null && rows > 0 && activeIndex >= rows) setMemory((m) => ({ ...m, activeIndex: rows - 1 }));
  }, [rows, activeIndex, setMemory]);

  const selected = [...selection.rows.values()];
  const offered = bulkActions(selected, desk.principal);
  const rowName = (row: InboxRow) => row.fileReference ?? row.applicantName;

  const runBulk = async (action: CaseAction) => {
    const rows = [...selection.rows.values()];
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const result: BulkResult = await api.call('cases.bulkTransition', {
        ids: rows.map((row) => row.id),
        action,
      });
      const failedIds = new Set(result.results.filter((r) => !r.ok).map((r) => r.id));
      const failed = result.results
        .filter((r) => !r.ok)
        .map((r) => {
          const row = selection.rows.get(r.id);
          const { code, reason } = r.error ?? { code: 'internal' };
          return {
            name: row ? rowName(row) : r.id,
            error: errorKey(new ApiError(code, '', undefined, reason)),
          };
        });
      setOutcome(
        failed.length === 0
          ? { kind: 'done', action, count: rows.length }
          : { kind: 'partial', action, ok: rows.length - failed.length, failed },
      );
      setMemory((m) => {
        const kept = new Map([...m.selection.rows].filter(([id]) => failedIds.has(id)));
        return { ...m, selection: { rows: kept, anchor: null, base: kept } };
      });
      cases.reload();
    } catch (err) {
      setError(errorKey(err));
    } finally {
      setBusy(false);
    }
  };

  const runSingle = async (
    row: InboxRow,
    action: CaseAction,
    extra: { rejection?: { problem?: string; text: string } } = {},
  ) => {
    setError(null);
    setOutcome(null);
    await api.call('cases.transition', { id: row.id, action, expectedVersion: row.version, ...extra });
    setOutcome({ kind: 'done', action, count: 1 });
    cases.reload();
  };

  /** c / a / r: on the selection when there is one, else on the active row. */
  const shortcutAction = (action: CaseAction) => {
    if (busy || !desk.principal) return;
    if (selection.rows.size > 0) {
      if (action !== 'reject' && offered.includes(action)) void runBulk(action);
      else setOutcome({ kind: 'notPossible', action });
      return;
    }
    const row = cases.rowAt(activeIndex);
    if (!row) return;
    if (!availableActions(row, actorOf(desk.principal)).includes(action)) {
      setOutcome({ kind: 'notPossible', action });
      return;
    }
    if (action === 'reject') setRejecting(row);
    else runSingle(row, action).catch((err: unknown) => setError(errorKey(err)));
  };

  useShortcut('claim', () => shortcutAction('claim'));
  useShortcut('accept', () => shortcutAction('accept'));
  useShortcut('reject', () => shortcutAction('reject'));
  useShortcut('focusSearch', () => searchRef.current?.focus());
  // List keys pressed outside the grid (e.g. right after arriving) move focus into it first.
  const focusGrid = () => gridRef.current?.focus();
  useShortcut('next', focusGrid);
  useShortcut('previous', focusGrid);

  const onSort = (column: CaseSortColumn) =>
    setFilter(
      {
        sort:
          filter.sort.column === column
            ? { column, dir: filter.sort.dir === 'asc' ? 'desc' : 'asc' }
            : { column, dir: firstDirection(column) },
      },
      memory.savedFilterId,
    );

  return (
    <div className="inbox">
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('inbox.title')}
        </h1>
        <p className="result-count" role="status" aria-busy={total === null} data-testid="result-count">
          {total === null
            ? t('common.loading')
            : cases.moreThanTotal
              ? t('inbox.countMoreThan', { floor: total })
              : t('inbox.count', { count: total })}
        </p>
      </div>
      <section className="filters" aria-label={t('filters.label')}>
        <SearchBox text={filter.text} onText={searchFor} onSubmit={submitSearch} inputRef={searchRef} />
        <Disclosure className="filter-disclosure" defaultExpanded={wideWindow()}>
          <Button slot="trigger" className="button disclosure-trigger" data-testid="filter-toggle">
            <span className="disclosure-chevron" aria-hidden="true" />
            {t('filters.toggle', { count: activeFilterCount(filter) })}
          </Button>
          <DisclosurePanel className="filter-panel">
            <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
              <FilterPanel
                filter={filter}
                onChange={setFilter}
                saved={{
                  current: query,
                  activeId: memory.savedFilterId,
                  onApply: applySaved,
                  onReset: resetFilter,
                  canReset: isFiltered(filter),
                }}
              />
            </Suspense>
          </DisclosurePanel>
        </Disclosure>
      </section>
      {selection.rows.size > 0 && (
        <BulkBar
          count={selection.rows.size}
          actions={offered}
          busy={busy}
          onAction={(action) => void runBulk(action)}
          onClear={() => setMemory((m) => ({ ...m, selection: emptySelection }))}
        />
      )}
      <ErrorAlert messageKey={error ?? cases.errorKey ?? desk.errorKey} />
      <OutcomeMessage outcome={outcome} />
      <PresenceProvider ids={presenceIds}>
        <CaseGrid
          cases={cases}
          gridRef={gridRef}
          activeIndex={activeIndex}
          onActiveChange={(index) => setMemory((m) => ({ ...m, activeIndex: index }))}
          selection={selection}
          onSelectionChange={(next) => setMemory((m) => ({ ...m, selection: next }))}
          sort={filter.sort}
          onSort={onSort}
          onOpen={(row) => onOpenCase(row.id)}
        />
      </PresenceProvider>
      {total === 0 && (
        <p className="empty">{isFiltered(filter) ? t('inbox.emptyFiltered') : t('inbox.empty')}</p>
      )}
      <WhenOpen isOpen={rejecting !== null}>
        <RejectDialog
          isOpen
          technical={rejecting?.verification !== 'passed'}
          onClose={() => setRejecting(null)}
          onConfirm={async (rejection) => {
            if (rejecting) await runSingle(rejecting, 'reject', { rejection });
          }}
        />
      </WhenOpen>
    </div>
  );
}

function OutcomeMessage({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  const action = outcome ? t(`actions.${outcome.action}`) : '';
  return (
    <>
      <p role="status" className="status status-saved" data-testid="inbox-outcome">
        {outcome?.kind === 'done' && t('bulk.done', { count: outcome.count, action })}
        {outcome?.kind === 'notPossible' && t('bulk.notPossible', { action })}
      </p>
      {outcome?.kind === 'partial' && (
        <div role="alert" className="alert">
          <p>{t('bulk.partial', { ok: outcome.ok, failed: outcome.failed.length, action })}</p>
          <ul>
            {outcome.failed.map((failure, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: two failed cases may show the same name
              <li key={index}>
                {failure.name}: {t(failure.error)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
