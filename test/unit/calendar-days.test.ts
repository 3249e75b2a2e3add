import { describe, expect, it } from 'vitest';
import { CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY, calendarDay, calendarDays } from '../../server/calendar/calendar-days.ts';
import { officialHolidayYears } from '../../server/calendar/china-holidays.ts';

describe('China calendar for dim_date', () => {
  it('marks 2024-02-04 and 2024-02-18 (Sundays) as make-up working days of the Spring Festival', () => {
    for (const day of ['2024-02-04', '2024-02-18']) {
      expect(calendarDay(day)).toMatchObject({ isWeekend: true, isMakeupWorkday: true, isPublicHoliday: false, isBusinessDay: true, holidayNameZh: '春节' });
    }
  });

  it('marks 2024-10-01 to 2024-10-07 as National Day holidays', () => {
    for (let d = 1; d <= 7; d++) {
      expect(calendarDay(`2024-10-0${d}`)).toMatchObject({ isPublicHoliday: true, isBusinessDay: false, holidayNameZh: '国庆节', holidayNameEn: 'National Day' });
    }
  });

  it('marks Saturday 2024-10-12 as a working day', () => {
    expect(calendarDay('2024-10-12')).toMatchObject({ isoWeekday: 6, isWeekend: true, isMakeupWorkday: true, isBusinessDay: true });
  });

  it('treats an ordinary weekend and weekday as such', () => {
    expect(calendarDay('2024-03-09')).toMatchObject({ isoWeekday: 6, isBusinessDay: false, isPublicHoliday: false, holidayNameZh: null });
    expect(calendarDay('2024-03-11')).toMatchObject({ isoWeekday: 1, isBusinessDay: true });
  });

  it('numbers ISO weeks by the year of their Thursday', () => {
    expect(calendarDay('2024-12-30')).toMatchObject({ isoYear: 2025, isoWeek: 1 });
    expect(calendarDay('2021-01-03')).toMatchObject({ isoYear: 2020, isoWeek: 53 });
    expect(calendarDay('2024-05-17')).toMatchObject({ year: 2024, quarter: 2, month: 5, dayOfMonth: 17 });
  });

  it('covers 2015–2035, with official holiday data for every year the package has published', () => {
    const days = calendarDays();
    expect(days[0]!.dateKey).toBe(CALENDAR_FIRST_DAY);
    expect(days.at(-1)!.dateKey).toBe(CALENDAR_LAST_DAY);
    expect(days).toHaveLength(7670);
    for (let year = 2015; year <= 2026; year++) expect(officialHolidayYears.has(year), String(year)).toBe(true);
    // Years not yet published know weekends only, and say so.
    const unpublished = days.filter((d) => !officialHolidayYears.has(d.year));
    expect(unpublished.every((d) => !d.isOfficialCalendar && !d.isPublicHoliday && !d.isMakeupWorkday)).toBe(true);
  });
});
