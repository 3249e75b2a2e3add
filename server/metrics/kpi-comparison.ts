import { kpiDefinition } from './catalogue.ts';
import { addMonths, bucketStart, DAY_MS, isWholeMonths, toDay, toMs, type DayRange } from './periods.ts';
import type { KpiResultRow, TimeGrain } from './kpi-query.ts';

/** What a KPI row is compared with. */
export const COMPARISONS = ['PREVIOUS_PERIOD', 'SAME_PERIOD_LAST_YEAR'] as const;
export type Comparison = (typeof COMPARISONS)[number];

type Range = DayRange;

function sameDateLastYear(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return toDay(Date.UTC(y - 1, m - 1, Math.min(d, last)));
}

const GRAIN_MONTHS: Partial<Record<TimeGrain, number>> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

function monthsSpanned(range: Range): number {
  const [fy, fm] = range.from.split('-').map(Number) as [number, number];
  const [ty, tm] = range.to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** The period a period is compared with: one bucket (or one range length) earlier, or a year earlier. */
export function shiftBack(day: string, comparison: Comparison, grain: TimeGrain | null, range: Range): string {
  if (comparison === 'SAME_PERIOD_LAST_YEAR') {
    if (grain === 'WEEK') return toDay(toMs(day) - 364 * DAY_MS);
    // A day is compared with the same date (Feb 29 with Feb 28); month ends stay month ends for ranges.
    if (grain === 'DAY') return sameDateLastYear(day);
    return addMonths(day, -12);
  }
  if (grain === 'DAY') return toDay(toMs(day) - DAY_MS);
  if (grain === 'WEEK') return toDay(toMs(day) - 7 * DAY_MS);
  if (grain) return addMonths(day, -GRAIN_MONTHS[grain]!);
  // No grain: the range of the same length just before (whole months stay whole months).
  if (isWholeMonths(range)) return addMonths(day, -monthsSpanned(range));
  return toDay(toMs(day) - (toMs(range.to) - toMs(range.from) + DAY_MS));
}

/** The earlier range the comparison rows come from. */
export function comparisonRange(range: Range, comparison: Comparison, grain: TimeGrain | null): Range {
  if (comparison === 'SAME_PERIOD_LAST_YEAR') {
    return { from: shiftBack(range.from, comparison, grain === 'WEEK' ? 'WEEK' : null, range), to: shiftBack(range.to, comparison, grain === 'WEEK' ? 'WEEK' : null, range) };
  }
  if (grain) {
    // The bucket before the first one, whole: it ends the day before the first
    // bucket starts (not before `from`, which may fall inside that bucket).
    const firstBucket = bucketStart(range.from, grain);
    return { from: shiftBack(firstBucket, comparison, grain, range), to: toDay(toMs(firstBucket) - DAY_MS) };
  }
  return { from: shiftBack(range.from, comparison, null, range), to: toDay(toMs(range.from) - DAY_MS) };
}


export type ComparedRow = KpiResultRow & {
  comparison: Record<string, number | null>;
  change: Record<string, number | null>;
};

/** A row's group key with the given period: ids and codes, a NUL for null (no text value holds one). */
const keyOf = (row: KpiResultRow, periodStart: string | null) =>
  `${periodStart ?? '\0'}|${row.orgUnitId ?? '\0'}|${row.categoryId ?? '\0'}|${row.channelId ?? '\0'}|${row.segment ?? '\0'}|${row.flag ?? '\0'}`;

/**
 * Splits a result computed over both ranges into the main range's rows, each
 * with the values of its comparison period and the change (current −
 * comparison; null when either is null). A group with no rows in the
 * comparison period had none of anything: its counts are 0 and its ratios
 * and percentiles null.
 */
export function pairWithComparison(rows: KpiResultRow[], range: Range, comparison: Comparison, grain: TimeGrain | null, measures: string[]): ComparedRow[] {
  const firstMain = grain ? bucketStart(range.from, grain) : range.from;
  // A period's comparison may be an earlier bucket of the main range itself (month over month).
  const byKey = new Map(rows.map((row) => [keyOf(row, row.periodStart), row]));
  const main = rows.filter((row) => row.periodStart === null || row.periodStart >= firstMain);
  // Worked out once per call, not per row: what a missing comparison counts as, and each period's earlier one.
  const counted = measures.map((code) => ['additive', 'snapshot'].includes(kpiDefinition(code).kind));
  const earlier = new Map<string, string>();
  const earlierOf = (start: string) => {
    let before = earlier.get(start);
    if (before === undefined) earlier.set(start, (before = shiftBack(start, comparison, grain, range)));
    return before;
  };
  return main.map((row) => {
    const before = byKey.get(keyOf(row, row.periodStart === null ? null : earlierOf(row.periodStart)));
    const comparisonValues: Record<string, number | null> = {};
    const change: Record<string, number | null> = {};
    measures.forEach((code, i) => {
      const then = before ? (before.values[code] ?? null) : counted[i] ? 0 : null;
      const now = row.values[code] ?? null;
      comparisonValues[code] = then;
      change[code] = then === null || now === null ? null : now - then;
    });
    return { ...row, comparison: comparisonValues, change };
  });
}
