// Date-range presets of the filter bar. Days are local days of the utility's
// time zone (the API counts "in the period" in it), never the browser's.

export const DATE_PRESETS = ['thisMonth', 'lastMonth', 'last12Months', 'yearToDate', 'custom'] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

export type DayRange = { from: string; to: string };

/** The utility's time zone (the server's CLEARLINE_TIME_ZONE default). */
export const UTILITY_TIME_ZONE = 'Asia/Shanghai';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDay(text: string): boolean {
  if (!ISO_DAY.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

// Zones without daylight saving (China has kept UTC+8 since 1991): today is
// plain arithmetic there. Chromium loads its time-zone data the first time a
// formatter names a zone, 30–90 ms that would hold back the Overview's
// requests at boot (they need today's date).
const FIXED_OFFSET_HOURS: Record<string, number> = { 'Asia/Shanghai': 8 };

// One formatter per other zone: every component reading the filters asks for
// today on each render.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** Today in the utility's time zone, as YYYY-MM-DD. */
export function utilityToday(now: Date = new Date(), timeZone = UTILITY_TIME_ZONE): string {
  const offset = FIXED_OFFSET_HOURS[timeZone];
  if (offset !== undefined) return new Date(now.getTime() + offset * 3_600_000).toISOString().slice(0, 10);
  return dayFormat(timeZone).format(now);
}

function parts(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number);
  return [y!, m!, d!];
}

export function formatDay(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.toISOString().slice(0, 10);
}

/** First day of the month `offset` months from `day`'s month. */
export function monthStart(day: string, offset = 0): string {
  const [y, m] = parts(day);
  return formatDay(y, m + offset, 1);
}

/** Last day of the month `offset` months from `day`'s month. */
export function monthEnd(day: string, offset = 0): string {
  const [y, m] = parts(day);
  return formatDay(y, m + offset + 1, 0);
}

/** The range a preset stands for, on `today`. */
export function presetRange(preset: Exclude<DatePreset, 'custom'>, today: string): DayRange {
  switch (preset) {
    case 'thisMonth':
      return { from: monthStart(today), to: today };
    case 'lastMonth':
      return { from: monthStart(today, -1), to: monthEnd(today, -1) };
    case 'last12Months':
      return { from: monthStart(today, -11), to: today };
    case 'yearToDate':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
}

/** The 12 months ending with the range's last month: the sparklines' and trend's window. */
export function trailingTwelveMonths(range: DayRange): DayRange {
  return { from: monthStart(range.to, -11), to: range.to };
}

/** Whether the range lies within one calendar month (targets set per month then apply). */
export function withinOneMonth(range: DayRange): boolean {
  return range.from.slice(0, 7) === range.to.slice(0, 7);
}
