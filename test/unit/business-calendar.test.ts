import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar, resolutionTiming, type SlaTarget } from '../../server/calendar/business-calendar.ts';
import { calendarDays } from '../../server/calendar/calendar-days.ts';

const calendar = new BusinessCalendar(calendarDays(), 'Asia/Shanghai');
const at = (local: string) => Date.parse(`${local}+08:00`);
const HOUR = 3_600_000;
const businessDays = (value: number): SlaTarget => ({ kind: 'BUSINESS_DAYS', value });
const calendarHours = (value: number): SlaTarget => ({ kind: 'CALENDAR_HOURS', value });

describe('business time across the 2024 Spring Festival (holidays Feb 10–17, make-up workdays Sun Feb 4 and Sun Feb 18)', () => {
  it('counts only business days between received and resolved', () => {
    // Fri Feb 9 10:00–24:00 = 14 h; Feb 10–17 holidays = 0; Sun Feb 18 (make-up) = 24 h; Mon Feb 19 00:00–10:00 = 10 h.
    const timing = resolutionTiming(calendar, at('2024-02-09T10:00:00'), at('2024-02-19T10:00:00'), businessDays(5));
    expect(timing.businessMinutesToResolve).toBe(48 * 60);
    expect(timing.calendarMinutesToResolve).toBe(10 * 24 * 60);
    expect(timing.receivedDate).toBe('2024-02-09');
    expect(timing.resolvedDate).toBe('2024-02-19');
  });

  it('puts a 5-business-day SLA due time after the holiday block', () => {
    // Need 120 h from Thu Feb 8 15:00: Feb 8 gives 9 h, Feb 9 24 h (33), Feb 18 24 h (57),
    // Feb 19 24 h (81), Feb 20 24 h (105), then 15 h on Wed Feb 21 → 15:00.
    expect(calendar.slaDueAt(at('2024-02-08T15:00:00'), businessDays(5))).toBe(at('2024-02-21T15:00:00'));
  });

  it('starts the clock of a complaint received on a holiday at the next business day’s midnight', () => {
    // Received Mon Feb 12 (holiday): the clock starts Sun Feb 18 00:00 (make-up workday); 1 business day is due Feb 19 00:00.
    expect(calendar.slaDueAt(at('2024-02-12T11:00:00'), businessDays(1))).toBe(at('2024-02-19T00:00:00'));
    expect(calendar.businessMsBetween(at('2024-02-12T11:00:00'), at('2024-02-18T12:00:00'))).toBe(12 * HOUR);
  });
});

describe('business time across the 2024 National Day holiday (Oct 1–7, make-up workdays Sun Sep 29 and Sat Oct 12)', () => {
  it('counts the make-up Sunday and skips the Golden Week', () => {
    // Sun Sep 29 20:00: 4 h; Mon Sep 30: 24 h (28); Oct 1–7: 0; Tue Oct 8: 24 h (52); Wed Oct 9: 20 h → 20:00.
    expect(calendar.slaDueAt(at('2024-09-29T20:00:00'), businessDays(3))).toBe(at('2024-10-09T20:00:00'));
  });

  it('counts the working Saturday Oct 12 and not the Sunday after it', () => {
    // Fri Oct 11 18:00–24:00 = 6 h; Sat Oct 12 = 24 h; Sun Oct 13 = 0; Mon Oct 14 00:00–09:00 = 9 h.
    expect(calendar.businessMsBetween(at('2024-10-11T18:00:00'), at('2024-10-14T09:00:00'))).toBe(39 * HOUR);
  });

  it('runs urgent calendar-hour SLAs straight through holidays', () => {
    const received = at('2024-10-01T10:00:00');
    expect(calendar.slaDueAt(received, calendarHours(24))).toBe(at('2024-10-02T10:00:00'));
    expect(calendar.slaMet(received, at('2024-10-02T10:00:00'), calendarHours(24))).toBe(true);
    expect(calendar.slaMet(received, at('2024-10-02T10:00:01'), calendarHours(24))).toBe(false);
  });
});

describe('SLA compliance is decided by business time, as METRICS.md defines it', () => {
  it('is met by a resolution on the weekend after a due time at Friday midnight', () => {
    // 1 business day from Fri Mar 8 00:00 is due Sat Mar 9 00:00; resolving Sat 10:00 adds no business time.
    const received = at('2024-03-08T00:00:00');
    expect(calendar.slaDueAt(received, businessDays(1))).toBe(at('2024-03-09T00:00:00'));
    expect(calendar.slaMet(received, at('2024-03-09T10:00:00'), businessDays(1))).toBe(true);
    expect(calendar.slaMet(received, at('2024-03-11T00:00:01'), businessDays(1))).toBe(false);
  });

  it('leaves open complaints without resolution figures', () => {
    const timing = resolutionTiming(calendar, at('2024-03-08T09:00:00'), null, businessDays(5));
    expect(timing).toMatchObject({ resolvedDate: null, slaMet: null, calendarMinutesToResolve: null, businessMinutesToResolve: null });
    expect(timing.slaDueAt).toBe(at('2024-03-15T09:00:00'));
  });

  it('dates events by the utility’s local day', () => {
    expect(calendar.localDate(Date.parse('2024-03-08T16:30:00Z'))).toBe('2024-03-09');
    expect(calendar.localDate(Date.parse('2024-03-08T15:59:59Z'))).toBe('2024-03-08');
  });

  it('refuses instants outside the calendar', () => {
    expect(() => calendar.localDate(Date.parse('2040-01-01T00:00:00Z'))).toThrow(/outside the business calendar/);
  });
});

describe('business time, for any instants (property-based)', () => {
  const instant = fc.integer({ min: Date.parse('2015-01-02T00:00:00Z'), max: Date.parse('2035-06-30T00:00:00Z') });

  it('adds up over consecutive intervals and never exceeds elapsed time', () => {
    fc.assert(fc.property(instant, instant, instant, (x, y, z) => {
      const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
      const ab = calendar.businessMsBetween(a, b);
      const bc = calendar.businessMsBetween(b, c);
      expect(calendar.businessMsBetween(a, c)).toBe(ab + bc);
      expect(ab).toBeGreaterThanOrEqual(0);
      expect(ab).toBeLessThanOrEqual(b - a);
    }), { numRuns: 500 });
  });

  it('makes the due time the first instant at which business time reaches the target', () => {
    fc.assert(fc.property(instant, fc.integer({ min: 1, max: 20 }), (received, days) => {
      const due = calendar.slaDueAt(received, businessDays(days));
      expect(calendar.businessMsBetween(received, due)).toBe(days * 24 * HOUR);
      expect(calendar.businessMsBetween(received, due - 1)).toBeLessThan(days * 24 * HOUR);
      expect(calendar.slaMet(received, due, businessDays(days))).toBe(true);
    }), { numRuns: 500 });
  });
});

describe('time zones with daylight saving', () => {
  it('places local midnights correctly on a 23-hour day', () => {
    const berlin = new BusinessCalendar(calendarDays('2024-03-29', '2024-04-02'), 'Europe/Berlin');
    // 2024-03-31 has 23 hours in Berlin (clocks go forward at 02:00).
    expect(berlin.localDate(Date.parse('2024-03-30T23:30:00Z'))).toBe('2024-03-31');
    expect(berlin.localDate(Date.parse('2024-03-31T21:59:59Z'))).toBe('2024-03-31');
    expect(berlin.localDate(Date.parse('2024-03-31T22:00:00Z'))).toBe('2024-04-01');
  });
});
