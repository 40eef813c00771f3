/**
 * The inbox's view of `cases.list`: the total and the pages of rows the visible range needs, fetched on
 * demand and dropped again far from view. A new query starts a new generation, so answers to an old
 * query never mix into the new one; `cases.changed` reloads the pages on screen. One new query's first
 * page is on its way at a time: queries that change meanwhile (typing) wait for it, and then only the
 * latest is asked, so a quick typist neither waits for a debounce nor queues stale searches in main.
 * A new query's rows come first and its total (a count over every match) in a second step, so the rows
 * never wait for the count; later pages of the same query are not counted again. The count stops at a
 * cap ("more than 1,000"), and the grid's range then grows as the person scrolls past it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CaseListInput, CaseListResult } from '../../../main/api/contract';
import type { ListedCase } from '../../../shared/cases/types';
import { useApi } from '../api/context';
import { latestOnly } from '../app/latest-only';
import { errorKey, type MessageKey } from '../ui/errors';
import {
  missingPages,
  PAGE_SIZE,
  pagesFor,
  pagesToKeep,
  rowCount,
  totalFromFirstPage,
  withTotals,
} from './page-window';

export interface CaseWindow {
  /** null until the current query's matches are counted (a moment after its first rows). */
  total: number | null;
  /** The count stopped at its cap: there are more matches than `total`. */
  moreThanTotal: boolean;
  /** Rows the grid lays out: the total once known, until then as far as the held rows reach. */
  rowCount: number;
  /** The server's clock at the last answer, for deadlines. */
  now: Date;
  rowAt(index: number): ListedCase | undefined;
  /** Rows currently held (loaded pages), in index order. */
  loadedRows(): ListedCase[];
  /** Tell the window which rows are visible; it fetches what is missing. */
  ensure(start: number, end: number): void;
  reload(): void;
  loading: boolean;
  errorKey: MessageKey | null;
}

interface State {
  /** The query the held pages answer. */
  answeredKey: string | null;
  total: number | null;
  moreThanTotal: boolean;
  now: Date;
  pages: Map<number, ListedCase[]>;
  loading: boolean;
  error: MessageKey | null;
}

/** The first page of a query, fetched before the screen existed (the app's start asks for it). */
export interface FirstPage {
  query: CaseListInput;
  result: CaseListResult;
}

export function useCaseWindow(query: CaseListInput, firstPage: FirstPage | null = null): CaseWindow {
  const api = useApi();
  const queryKey = JSON.stringify(query);
  const seeded = firstPage !== null && JSON.stringify(firstPage.query) === queryKey ? firstPage.result : null;
  const [state, setState] = useState<State>(() => ({
    answeredKey: seeded ? queryKey : null,
    total: seeded?.total ?? null,
    moreThanTotal: seeded?.moreThanTotal === true,
    now: seeded ? new Date(seeded.now) : new Date(),
    pages: seeded ? new Map([[0, seeded.rows]]) : new Map(),
    loading: seeded === null,
    error: null,
  }));
  /** The query whose first page is already held, so the first effect need not ask again. */
  const heldKey = useRef(seeded ? queryKey : null);
  const generation = useRef(0);
  const requested = useRef(new Set<number>(seeded ? [0] : []));
  const visible = useRef<number[]>([0]);
  const inFlight = useRef(0);
  const queryRef = useRef({ query, key: queryKey });
  queryRef.current = { query, key: queryKey };

  /** The second step of a new query: its total, asked once its rows have arrived. */
  const fetchTotal = useCallback(
    (asked: CaseListInput, mine: number) => {
      void api.call('cases.list', { ...asked, offset: 0, limit: 1 }).then(
        (result) => {
          if (mine === generation.current) {
            setState((s) => ({ ...s, total: result.total, moreThanTotal: result.moreThanTotal === true }));
          }
        },
        (err: unknown) => {
          if (mine === generation.current) setState((s) => ({ ...s, error: errorKey(err) }));
        },
      );
    },
    [api],
  );

  /**
   * `first`: a new query's first page, rows only, the total follows (`fetchTotal`); `reload`: the pages
   * on screen again, the first with its total; `more`: further pages of the query whose total is held.
   */
  const fetchPages = useCallback(
    (pages: number[], mode: 'first' | 'reload' | 'more', settled?: () => void) => {
      const replace = mode !== 'more';
      const mine = generation.current;
      const { query: asked, key } = queryRef.current;
      for (const page of pages) requested.current.add(page);
      inFlight.current++;
      setState((s) => ({ ...s, loading: true }));
      void Promise.all(
        withTotals(pages, mode === 'reload').map(({ page, withTotal }) =>
          api
            .call('cases.list', { ...asked, offset: page * PAGE_SIZE, limit: PAGE_SIZE, withTotal })
            .then((result) => ({ page, result })),
        ),
      ).then(
        (answers) => {
          inFlight.current--;
          settled?.();
          if (mine !== generation.current) return;
          const first = answers[0]?.result.rows.length ?? 0;
          const known = mode === 'first' ? totalFromFirstPage(first) : null;
          if (mode === 'first' && known === null) fetchTotal(asked, mine);
          setState((s) => {
            const base = replace ? new Map<number, ListedCase[]>() : new Map(s.pages);
            let total = mode === 'first' ? known : s.total;
            let moreThanTotal = mode === 'first' ? false : s.moreThanTotal;
            let now = s.now;
            for (const { page, result } of answers) {
              base.set(page, result.rows);
              if (result.total !== null) {
                total = result.total;
                moreThanTotal = result.moreThanTotal === true;
              }
              now = new Date(result.now);
            }
            const keep = pagesToKeep(visible.current, base.keys());
            for (const page of base.keys()) {
              if (!keep.has(page)) {
                base.delete(page);
                requested.current.delete(page);
              }
            }
            return {
              answeredKey: key,
              total,
              moreThanTotal,
              now,
              pages: base,
              loading: inFlight.current > 0,
              error: null,
            };
          });
        },
        (err: unknown) => {
          inFlight.current--;
          settled?.();
          if (mine !== generation.current) return;
          for (const page of pages) requested.current.delete(page);
          setState((s) => ({ ...s, loading: inFlight.current > 0, error: errorKey(err) }));
        },
      );
    },
    [api, fetchTotal],
  );

  // Asks for the current query when it runs, so a query that waited is asked as it is by then.
  const askFirstPage = useMemo(() => latestOnly((done) => fetchPages([0], 'first', done)), [fetchPages]);

  // A new query: keep showing the old rows until the new first page replaces them. The query the start
  // already answered is not asked again (its page is held and marked as requested from the outset).
  useEffect(() => {
    if (heldKey.current === queryKey) {
      heldKey.current = null;
      return;
    }
    heldKey.current = null;
    generation.current++;
    requested.current = new Set();
    visible.current = [0];
    askFirstPage();
  }, [queryKey, askFirstPage]);

  // A sync changes many cases in a burst (each application, each of its outbox items): one reload at a time,
  // and one more after it for whatever changed meanwhile, instead of a query (with its count) per change.
  const reload = useMemo(
    () =>
      latestOnly((done) => {
        generation.current++;
        const pages = visible.current.length > 0 ? visible.current : [0];
        requested.current = new Set();
        fetchPages(pages, 'reload', done);
      }),
    [fetchPages],
  );

  useEffect(() => api.on('cases.changed', reload), [api, reload]);

  const count = rowCount(state.total, state.pages, PAGE_SIZE, state.moreThanTotal);
  const ensure = useCallback(
    (start: number, end: number) => {
      if (count === 0) return;
      const needed = pagesFor(start, end, count);
      visible.current = needed;
      const missing = missingPages(needed, requested.current);
      if (missing.length > 0) fetchPages(missing, 'more');
    },
    [count, fetchPages],
  );

  const rowAt = useCallback(
    (index: number) => state.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [state.pages],
  );

  const loadedRows = useCallback(
    () => [...state.pages.entries()].sort(([a], [b]) => a - b).flatMap(([, rows]) => rows),
    [state.pages],
  );

  return {
    total: state.total,
    moreThanTotal: state.moreThanTotal,
    rowCount: count,
    now: state.now,
    rowAt,
    loadedRows,
    ensure,
    reload,
    // Busy from the render that changed the query, not only from when the request went out.
    loading: state.loading || (state.answeredKey !== queryKey && state.error === null),
    errorKey: state.error,
  };
}
