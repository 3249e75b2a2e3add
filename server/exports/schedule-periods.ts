import { returnRange, type ReturnPeriod } from './regulator-return.report.ts';

// Periods of a scheduled return, as labels: 2026-10 (monthly), 2026-Q4 (quarterly).

/** The period after `label`. */
export function nextPeriod(period: ReturnPeriod, label: string): string {
  const year = Number(label.slice(0, 4));
  if (period === 'MONTHLY') {
    const month = Number(label.slice(5, 7));
    return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  }
  const quarter = Number(label.slice(6));
  return quarter === 4 ? `${year + 1}-Q1` : `${year}-Q${quarter + 1}`;
}

/** The period holding a local date (YYYY-MM-DD). */
export function periodOf(period: ReturnPeriod, day: string): string {
  return period === 'MONTHLY' ? day.slice(0, 7) : `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whether the period's return is due on local day `today`: its last day and `delayDays` more have passed. */
export function isDue(period: ReturnPeriod, label: string, delayDays: number, today: string): boolean {
  return addDays(returnRange({ period, label }).to, delayDays) < today;
}

/** Most periods one schedule catches up in one turn of the scheduler (after a long stop); the rest follow in the next turns. */
export const MAX_PERIODS_PER_TURN = 12;

/** Periods from `first` on that are due on `today` and not in `done`, oldest first, at most MAX_PERIODS_PER_TURN. */
export function duePeriods(period: ReturnPeriod, first: string, delayDays: number, today: string, done: ReadonlySet<string>): string[] {
  const due: string[] = [];
  for (let label = first; isDue(period, label, delayDays, today) && due.length < MAX_PERIODS_PER_TURN; label = nextPeriod(period, label)) {
    if (!done.has(label)) due.push(label);
  }
  return due;
}
