import type { TimeGrain } from '../../metrics/kpi-query.ts';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function bucketEnd(start: string, grain: TimeGrain): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  switch (grain) {
    case 'DAY': return start;
    case 'WEEK': return iso(Date.UTC(y, m - 1, d) + 6 * DAY_MS);
    case 'MONTH': return iso(Date.UTC(y, m, 1) - DAY_MS);
    case 'QUARTER': return iso(Date.UTC(y, m + 2, 1) - DAY_MS);
    case 'YEAR': return `${y}-12-31`;
  }
}

function isoWeek(start: string): string {
  const t = Date.parse(`${start}T00:00:00Z`);
  const thursday = t + 3 * DAY_MS; // buckets start on Monday
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function label(start: string, grain: TimeGrain): string {
  switch (grain) {
    case 'DAY': return start;
    case 'WEEK': return isoWeek(start);
    case 'MONTH': return start.slice(0, 7);
    case 'QUARTER': return `${start.slice(0, 4)}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`;
    case 'YEAR': return start.slice(0, 4);
  }
}

/** A bucket, clipped to the query's range (a first week may start before `from`). */
export function kpiPeriod(bucketStart: string, grain: TimeGrain, range: { from: string; to: string }) {
  const end = bucketEnd(bucketStart, grain);
  return {
    start: bucketStart < range.from ? range.from : bucketStart,
    end: end > range.to ? range.to : end,
    label: label(bucketStart, grain),
  };
}
