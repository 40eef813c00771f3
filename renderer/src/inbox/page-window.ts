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
