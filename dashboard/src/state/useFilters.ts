import { useCallback, useMemo } from 'react';
import { useSearchParams } from './router.ts';
import { filterRange, parseFilters, writeFilters, type Filters } from './url-state.ts';
import { utilityToday, type DayRange } from './date-presets.ts';

/** The global filters from the URL, the date range they stand for, and a setter that pushes a new URL. */
export function useFilters(): { filters: Filters; range: DayRange; today: string; setFilters(next: Filters, resetPaging?: boolean): void } {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const today = utilityToday();
  const range = useMemo(() => filterRange(filters, today), [filters, today]);
  const setFilters = useCallback((next: Filters) => {
    setParams((current) => {
      const written = writeFilters(next, current);
      // A filter change starts lists again at their first page.
      written.delete('after');
      written.delete('before');
      return written;
    });
  }, [setParams]);
  return { filters, range, today, setFilters };
}
