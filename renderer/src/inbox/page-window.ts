/**
 * Which pages of the server-side list a scroll position needs. The inbox keeps fetched pages by index and
 * asks `cases.list` only for pages the visible range touches that it has neither loaded nor requested.
 * Pure.
 */
export const PAGE_SIZE = 100;

export function pagesFor(start: number, end: number, total: number, pageSize = PAGE_SIZE): number[] {
  if (total <= 0 || end < start) return [];
  const first = Math.max(0, Math.floor(start / pageSize));
  const last = Math.min(Math.floor((total - 1) / pageSize), Math.floor(end / pageSize));
  const pages: number[] = [];
  for (let page = first; page <= last; page++) pages.push(page);
  return pages;
}

/**
 * Which of the pages fetched together bring the total: the first one when `counted` (a reload, whose
 * count label should not blink), none otherwise (a new query's rows come first and its total in a
 * second step; pages added to a query whose total is held). Counting walks every match, so it is done
 * once per answer to a query, not once per page.
 */
export function withTotals(
  pages: readonly number[],
  counted: boolean,
): { page: number; withTotal: boolean }[] {
  return pages.map((page, i) => ({ page, withTotal: counted && i === 0 }));
}

/** A first page shorter than a page is the whole result, so its length is the total; else unknown. */
export function totalFromFirstPage(rows: number, pageSize = PAGE_SIZE): number | null {
  return rows < pageSize ? rows : null;
}

/**
 * How many rows the grid lays out: the total once known, until then as far as the held pages reach. A
 * total the count stopped at (`moreThan`) is only a floor: the range reaches one page past the furthest
 * full page held, so scrolling there asks for it, until a page comes back short (the end).
 */
export function rowCount(
  total: number | null,
  held: ReadonlyMap<number, readonly unknown[]>,
  pageSize = PAGE_SIZE,
  moreThan = false,
): number {
  let reach = 0;
  for (const [page, rows] of held) reach = Math.max(reach, page * pageSize + rows.length);
  if (total === null) return reach;
  if (!moreThan) return total;
  return Math.max(total + 1, reach % pageSize === 0 ? reach + pageSize : reach);
}

export function missingPages(needed: readonly number[], have: ReadonlySet<number>): number[] {
  return needed.filter((page) => !have.has(page));
}

/** Pages far from the visible ones are dropped so memory stays bounded however far one scrolls. */
export function pagesToKeep(visible: readonly number[], loaded: Iterable<number>, margin = 5): Set<number> {
  const keep = new Set<number>();
  if (visible.length === 0) return keep;
  const low = Math.min(...visible) - margin;
  const high = Math.max(...visible) + margin;
  for (const page of loaded) if (page >= low && page <= high) keep.add(page);
  return keep;
}
