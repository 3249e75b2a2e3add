// Business time and SLA due times (METRICS.md, slaComplianceRate), defined
// once here and used wherever a complaint is loaded or changed, so KPI queries
// read stored minutes instead of walking calendars per row.
//
// Business time is the part of an interval that falls on business days of the
// utility's time zone. B(t) below is "business milliseconds elapsed since the
// calendar's first midnight"; business time between a and b is B(b) - B(a),
// and an SLA of N business days is due at the first instant B reaches
// B(received) + N x 24 h — which also starts the clock of a complaint received
// on a holiday at the next business day's midnight.

export type BusinessDayFlag = { dateKey: string; isBusinessDay: boolean };

export type SlaTarget = { kind: 'BUSINESS_DAYS' | 'CALENDAR_HOURS'; value: number };

export class CalendarRangeError extends Error {
  constructor(instant: number, first: string, last: string) {
    super(`${new Date(instant).toISOString()} is outside the business calendar (${first} to ${last}); extend dim_date`);
    this.name = 'CalendarRangeError';
  }
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The UTC instant of local midnight starting `dateKey` in `timeZone`. */
export function zonedMidnight(dateKey: string, timeZone: string): number {
  const utcGuess = Date.parse(`${dateKey}T00:00:00Z`);
  // Two passes settle the offset even on days whose midnight moves (DST).
  let instant = utcGuess - offsetMs(utcGuess, timeZone);
  instant = utcGuess - offsetMs(instant, timeZone);
  return instant;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetMs(instant: number, timeZone: string): number {
  let format = offsetFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    offsetFormatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

export class BusinessCalendar {
  readonly timeZone: string;
  private readonly dateKeys: string[];
  /** midnights[i] starts day i; midnights[n] ends the last day. */
  private readonly midnights: Float64Array;
  private readonly isBusiness: Uint8Array;
  /** businessBefore[i] = business ms in days 0..i-1. */
  private readonly businessBefore: Float64Array;

  constructor(days: readonly BusinessDayFlag[], timeZone: string) {
    if (days.length === 0) throw new Error('BusinessCalendar needs at least one day');
    this.timeZone = timeZone;
    const n = days.length;
    this.dateKeys = days.map((d) => d.dateKey);
    this.midnights = new Float64Array(n + 1);
    this.isBusiness = new Uint8Array(n);
    this.businessBefore = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      const day = days[i]!;
      this.midnights[i] = zonedMidnight(day.dateKey, timeZone);
      this.isBusiness[i] = day.isBusinessDay ? 1 : 0;
      if (i > 0 && day.dateKey <= days[i - 1]!.dateKey) throw new Error('BusinessCalendar days must be consecutive and ascending');
    }
    const lastStart = this.midnights[n - 1]!;
    this.midnights[n] = zonedMidnight(new Date(Date.parse(`${days[n - 1]!.dateKey}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10), timeZone);
    if (!(this.midnights[n]! > lastStart)) throw new Error('BusinessCalendar could not place the last midnight');
    for (let i = 0; i < n; i++) {
      const length = this.midnights[i + 1]! - this.midnights[i]!;
      this.businessBefore[i + 1] = this.businessBefore[i]! + (this.isBusiness[i] ? length : 0);
    }
  }

  get firstDay(): string { return this.dateKeys[0]!; }
  get dayCount(): number { return this.dateKeys.length; }
  /** Position of a date in the calendar, for code that walks days. */
  indexOfDate(dateKey: string): number {
    // Days are consecutive, so the position is arithmetic; the check guards gaps.
    const i = Math.round((Date.parse(`${dateKey}T00:00:00Z`) - Date.parse(`${this.firstDay}T00:00:00Z`)) / DAY_MS);
    if (this.dateKeys[i] !== dateKey) {
      throw new Error(`${dateKey} is outside the business calendar (${this.firstDay} to ${this.lastDay})`);
    }
    return i;
  }
  dateKeyAt(index: number): string { return this.dateKeys[index]!; }
  /** The instant local day `index` starts. */
  dayStartAt(index: number): number { return this.midnights[index]!; }
  isBusinessDayAt(index: number): boolean { return this.isBusiness[index] === 1; }
  get lastDay(): string { return this.dateKeys[this.dateKeys.length - 1]!; }

  /** Index of the local day holding `instant`. */
  private dayIndex(instant: number): number {
    const n = this.dateKeys.length;
    if (instant < this.midnights[0]! || instant >= this.midnights[n]!) {
      throw new CalendarRangeError(instant, this.firstDay, this.lastDay);
    }
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.midnights[mid]! <= instant) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The local calendar date (YYYY-MM-DD) of an instant: the fact's date key. */
  localDate(instant: number): string {
    return this.dateKeys[this.dayIndex(instant)]!;
  }

  isBusinessDay(dateKey: string): boolean {
    return this.isBusinessDayAt(this.indexOfDate(dateKey));
  }

  private businessElapsed(instant: number): number {
    const i = this.dayIndex(instant);
    return this.businessBefore[i]! + (this.isBusiness[i] ? instant - this.midnights[i]! : 0);
  }

  /** Business milliseconds within (from, to). */
  businessMsBetween(from: number, to: number): number {
    if (to < from) throw new RangeError('businessMsBetween: `to` is before `from`');
    return this.businessElapsed(to) - this.businessElapsed(from);
  }

  slaDueAt(received: number, sla: SlaTarget): number {
    if (sla.kind === 'CALENDAR_HOURS') return received + sla.value * HOUR_MS;
    const target = this.businessElapsed(received) + sla.value * DAY_MS;
    // Smallest day i whose end reaches the target: day i is then a business day.
    let lo = 0;
    let hi = this.dateKeys.length - 1;
    if (this.businessBefore[hi + 1]! < target) {
      throw new CalendarRangeError(received + sla.value * DAY_MS * 3, this.firstDay, this.lastDay);
    }
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.businessBefore[mid + 1]! >= target) hi = mid;
      else lo = mid + 1;
    }
    return this.midnights[lo]! + (target - this.businessBefore[lo]!);
  }

  /** Met when business time (or, for urgent categories, elapsed time) is within the target. */
  slaMet(received: number, resolved: number, sla: SlaTarget): boolean {
    if (sla.kind === 'CALENDAR_HOURS') return resolved - received <= sla.value * HOUR_MS;
    return this.businessMsBetween(received, resolved) <= sla.value * DAY_MS;
  }
}

/** The derived columns of a complaint that depend on the calendar. */
export type ResolutionTiming = {
  receivedDate: string;
  resolvedDate: string | null;
  slaDueAt: number;
  slaMet: boolean | null;
  calendarMinutesToResolve: number | null;
  businessMinutesToResolve: number | null;
};

export function resolutionTiming(
  calendar: BusinessCalendar,
  received: number,
  resolved: number | null,
  sla: SlaTarget,
): ResolutionTiming {
  const slaDueAt = calendar.slaDueAt(received, sla);
  if (resolved === null) {
    return {
      receivedDate: calendar.localDate(received), resolvedDate: null, slaDueAt, slaMet: null,
      calendarMinutesToResolve: null, businessMinutesToResolve: null,
    };
  }
  return {
    receivedDate: calendar.localDate(received),
    resolvedDate: calendar.localDate(resolved),
    slaDueAt,
    slaMet: calendar.slaMet(received, resolved, sla),
    calendarMinutesToResolve: Math.round((resolved - received) / 60_000),
    businessMinutesToResolve: Math.round(calendar.businessMsBetween(received, resolved) / 60_000),
  };
}
