import { makeupWorkday, officialHolidayYears, publicHoliday } from './china-holidays.ts';

/** The span dim_date covers; SLA clocks cannot run outside it. */
export const CALENDAR_FIRST_DAY = '2015-01-01';
export const CALENDAR_LAST_DAY = '2035-12-31';

export type CalendarDay = {
  dateKey: string;
  year: number;
  quarter: number;
  month: number;
  dayOfMonth: number;
  isoYear: number;
  isoWeek: number;
  isoWeekday: number;
  isWeekend: boolean;
  isPublicHoliday: boolean;
  isMakeupWorkday: boolean;
  isBusinessDay: boolean;
  holidayNameZh: string | null;
  holidayNameEn: string | null;
  isOfficialCalendar: boolean;
};

const DAY_MS = 86_400_000;

function isoWeekOf(utcMidnight: number, isoWeekday: number): { isoYear: number; isoWeek: number } {
  // ISO 8601: the week belongs to the year of its Thursday.
  const thursday = new Date(utcMidnight + (4 - isoWeekday) * DAY_MS);
  const isoYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / DAY_MS / 7) + 1;
  return { isoYear, isoWeek: week };
}

export function calendarDay(dateKey: string): CalendarDay {
  const [y, m, d] = dateKey.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  const isoWeekday = ((new Date(utcMidnight).getUTCDay() + 6) % 7) + 1;
  const isWeekend = isoWeekday >= 6;
  const holiday = publicHoliday(dateKey);
  const makeup = makeupWorkday(dateKey);
  const names = holiday ?? makeup;
  return {
    dateKey,
    year: y,
    quarter: Math.floor((m - 1) / 3) + 1,
    month: m,
    dayOfMonth: d,
    ...isoWeekOf(utcMidnight, isoWeekday),
    isoWeekday,
    isWeekend,
    isPublicHoliday: holiday !== undefined,
    isMakeupWorkday: makeup !== undefined,
    isBusinessDay: (!isWeekend || makeup !== undefined) && holiday === undefined,
    holidayNameZh: names?.nameZh ?? null,
    holidayNameEn: names?.nameEn ?? null,
    isOfficialCalendar: officialHolidayYears.has(y),
  };
}

export function calendarDays(first = CALENDAR_FIRST_DAY, last = CALENDAR_LAST_DAY): CalendarDay[] {
  const days: CalendarDay[] = [];
  const end = Date.parse(`${last}T00:00:00Z`);
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= end; t += DAY_MS) {
    days.push(calendarDay(new Date(t).toISOString().slice(0, 10)));
  }
  return days;
}
