/**
 * What the inbox's filter panel holds: the filter fields and the saved filters. The inbox loads this
 * module once its first rows are painted (the date pickers and selects are most of its code).
 */
import type { ComponentProps } from 'react';
import { FilterBar } from './FilterBar';
import { SavedFilters } from './SavedFilters';

export function FilterPanel({
  filter,
  onChange,
  saved,
}: ComponentProps<typeof FilterBar> & { saved: ComponentProps<typeof SavedFilters> }) {
  return (
    <>
      <FilterBar filter={filter} onChange={onChange} />
      <SavedFilters {...saved} />
    </>
  );
}
