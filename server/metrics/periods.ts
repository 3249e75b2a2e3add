import type { TimeGrain } from './kpi-query.ts';

// Calendar arithmetic on local days ('YYYY-MM-DD') for KPI periods: bucket
// starts and ends, labels, month shifts. Shared by the compiler, comparisons,
// drill-through and the GraphQL period key.

export type DayRange = { from: string; to: string };

export const DAY_MS = 86_400_000;
export const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
export const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const parts = (day: string) => day.split('-').map(Number) as [number, number, number];

/** Shift a day by whole months, keeping month ends at month ends (Jan 31 − 11 months → Feb 28/29). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = parts(day);
  const lastOfTarget = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  const lastOfSource = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const date = d === lastOfSource ? lastOfTarget : Math.min(d, lastOfTarget);
  return toDay(Date.UTC(y, m - 1 + months, date));
}

export function lastDayOfMonth(day: string): string {
  const [y, m] = parts(day);
  return toDay(Date.UTC(y, m, 0));
}

export function isWholeMonths(range: DayRange): boolean {
  return range.from.endsWith('-01') && range.to === lastDayOfMonth(range.to);
}

/** The first day of the bucket holding `day` (ISO weeks start on Monday). */
export function bucketStart(day: string, grain: TimeGrain): string {
  const [y, m] = parts(day);
  switch (grain) {
    case 'DAY': return day;
    case 'WEEK': return toDay(toMs(day) - ((new Date(toMs(day)).getUTCDay() + 6) % 7) * DAY_MS);
    case 'MONTH': return `${day.slice(0, 7)}-01`;
    case 'QUARTER': return toDay(Date.UTC(y, Math.floor((m - 1) / 3) * 3, 1));
    case 'YEAR': return `${y}-01-01`;
  }
}

/** The last day of the bucket starting on `start`. */
export function bucketEnd(start: string, grain: TimeGrain): string {
  const [y, m, d] = parts(start);
  switch (grain) {
    case 'DAY': return start;
    case 'WEEK': return toDay(Date.UTC(y, m - 1, d + 6));
    case 'MONTH': return toDay(Date.UTC(y, m, 0));
    case 'QUARTER': return toDay(Date.UTC(y, m + 2, 0));
    case 'YEAR': return `${y}-12-31`;
  }
}

/** The starts of every bucket holding a day of the range, in order. */
export function bucketStarts(range: DayRange, grain: TimeGrain): string[] {
  const starts: string[] = [];
  for (let start = bucketStart(range.from, grain); start <= range.to; start = toDay(toMs(bucketEnd(start, grain)) + DAY_MS)) starts.push(start);
  return starts;
}

/** A bucket's days inside the range (a first week may start before `from`). */
export function clippedBucket(start: string, grain: TimeGrain, range: DayRange): DayRange {
  const end = bucketEnd(start, grain);
  return { from: start < range.from ? range.from : start, to: end > range.to ? range.to : end };
}

function isoWeek(start: string): string {
  const thursday = toMs(start) + 3 * DAY_MS; // buckets start on Monday
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Short label of a bucket: 2026-03, 2026-Q1, 2026-W09, 2026, or the day. */
export function bucketLabel(start: string, grain: TimeGrain): string {
  switch (grain) {
    case 'DAY': return start;
    case 'WEEK': return isoWeek(start);
    case 'MONTH': return start.slice(0, 7);
    case 'QUARTER': return `${start.slice(0, 4)}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`;
    case 'YEAR': return start.slice(0, 4);
  }
}

/** A bucket as the API shows it: clipped to the range, with its label. */
export function kpiPeriod(start: string, grain: TimeGrain, range: DayRange) {
  const { from, to } = clippedBucket(start, grain, range);
  return { start: from, end: to, label: bucketLabel(start, grain) };
}

/**
 * A range as the whole months it holds (null when none) and the days before
 * and after them: 2025-10-20..2026-10-20 is Nov 2025–Sep 2026, with Oct
 * 20–31 2025 and Oct 1–20 2026 as days.
 */
export function wholeMonthsAndDays(range: DayRange): { months: DayRange | null; days: DayRange[] } {
  const firstWhole = range.from.endsWith('-01') ? range.from : addMonths(`${range.from.slice(0, 7)}-01`, 1);
  const lastWhole = range.to === lastDayOfMonth(range.to) ? range.to : toDay(toMs(`${range.to.slice(0, 7)}-01`) - DAY_MS);
  if (firstWhole > lastWhole) return { months: null, days: [range] };
  const days: DayRange[] = [];
  if (range.from < firstWhole) days.push({ from: range.from, to: toDay(toMs(firstWhole) - DAY_MS) });
  if (lastWhole < range.to) days.push({ from: toDay(toMs(lastWhole) + DAY_MS), to: range.to });
  return { months: { from: firstWhole, to: lastWhole }, days };
}
