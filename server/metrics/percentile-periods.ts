import { bucketStarts, clippedBucket, type DayRange } from './periods.ts';
import type { KpiQuery } from './kpi-query.ts';

// A percentile over the facts grouped by period only (the Overview's median
// sparkline, its period against the previous one) is computed one period at
// a time: one aggregate per period over that period's resolved-date range,
// the statements joined by UNION ALL. GROUP BY the bucket instead sorts every
// row of the range by its bucket before each percentile sorts its own rows
// again: on a million complaints that first sort (spilled to disk) took about
// as long as the percentiles. One range per period reads the resolved-date
// index in order and needs no sort but the percentile's own. Each part
// aggregates the facts on its own (no correlated subquery), as the Citus
// rules want.

/** One period of the result: the rows whose anchor day lies in from..to are keyed `start`. */
export type PeriodSlice = { start: string; from: string; to: string };

/** Beyond this many periods (a daily series over years), one grouped scan is cheaper than a statement part per period. */
export const MAX_PERIOD_SLICES = 62;

/**
 * The periods of a query keyed by period only, each with the days of its
 * range(s) it holds: the same rows GROUP BY the period's start would put in
 * it. Undefined when the query does not split that way: no period key, too
 * many periods, or two ranges sharing a bucket (then GROUP BY it is).
 */
export function periodSlices(query: KpiQuery): PeriodSlice[] | undefined {
  const { grain, filter, comparison } = query;
  const ranges: DayRange[] = comparison ? [filter, comparison] : [filter];
  if (!grain) {
    // One period per range, named by its first day; the comparison lies before the range.
    if (!comparison || comparison.to >= filter.from) return undefined;
    return ranges.map((r) => ({ start: r.from, from: r.from, to: r.to }));
  }
  const slices: PeriodSlice[] = [];
  for (const range of ranges) {
    for (const start of bucketStarts(range, grain)) {
      if (slices.length === MAX_PERIOD_SLICES) return undefined;
      slices.push({ start, ...clippedBucket(start, grain, range) });
    }
  }
  const starts = new Set(slices.map((s) => s.start));
  return starts.size === slices.length ? slices : undefined;
}
