import { CalendarRangeError, zonedMidnight } from '../../calendar/business-calendar.ts';
import { reason } from './import-reasons.ts';
import type { ImportEnv, Reason } from './import.types.ts';

// Date-times: ISO 8601 with an offset (2026-03-01T08:30:00+08:00, …Z) is taken
// as written; without one (2026-03-01 08:30[:00], 2026/3/1 8:30) it is local
// time in the utility's time zone, as utility systems export it.
const DATE_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1', '是']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0', '否']);

/**
 * Reads typed values out of one mapped row, collecting every problem as a
 * reason instead of stopping at the first, so the quarantine says all that
 * must be fixed.
 */
export class RowReader {
  readonly reasons: Reason[] = [];
  constructor(private readonly row: Record<string, string>, private readonly env: Pick<ImportEnv, 'timeZone' | 'now' | 'calendar'>) {}

  private value(field: string, required: boolean): string | null {
    const v = (this.row[field] ?? '').trim();
    if (v === '') {
      if (required) this.reasons.push(reason('MISSING_REQUIRED', field));
      return null;
    }
    return v;
  }

  text(field: string, required = false): string | null {
    return this.value(field, required);
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], required = false): T | null {
    const v = this.value(field, required);
    if (v === null) return null;
    const upper = v.toUpperCase();
    if (!(allowed as readonly string[]).includes(upper)) {
      this.reasons.push(reason('NOT_ALLOWED', field, `"${v}" is not one of ${allowed.join(', ')}`));
      return null;
    }
    return upper as T;
  }

  integer(field: string, options: { required?: boolean; min?: number; max?: number } = {}): number | null {
    const v = this.value(field, options.required ?? false);
    if (v === null) return null;
    if (!/^-?\d+$/.test(v)) {
      this.reasons.push(reason('INVALID_FORMAT', field, `"${v}" is not a whole number`));
      return null;
    }
    const n = Number(v);
    if ((options.min !== undefined && n < options.min) || (options.max !== undefined && n > options.max)) {
      this.reasons.push(reason('OUT_OF_RANGE', field, `${n} is not within ${options.min ?? '…'}–${options.max ?? '…'}`));
      return null;
    }
    return n;
  }

  decimal(field: string, options: { min?: number } = {}): string | null {
    const v = this.value(field, false);
    if (v === null) return null;
    if (!/^-?\d+(\.\d{1,2})?$/.test(v)) {
      this.reasons.push(reason('INVALID_FORMAT', field, `"${v}" is not an amount with at most 2 decimals`));
      return null;
    }
    if (options.min !== undefined && Number(v) < options.min) {
      this.reasons.push(reason('OUT_OF_RANGE', field, `${v} is below ${options.min}`));
      return null;
    }
    return v;
  }

  boolean(field: string, required = false): boolean | null {
    const v = this.value(field, required);
    if (v === null) return null;
    const lower = v.toLowerCase();
    if (TRUE_WORDS.has(lower)) return true;
    if (FALSE_WORDS.has(lower)) return false;
    this.reasons.push(reason('INVALID_FORMAT', field, `"${v}" is not true/false (also accepted: 1/0, yes/no, 是/否)`));
    return null;
  }

  /** A date-time as epoch ms; must not lie in the future (unless allowed) nor outside the business calendar. */
  instant(field: string, required = false, options: { future?: boolean } = {}): number | null {
    const v = this.value(field, required);
    if (v === null) return null;
    const m = DATE_TIME.exec(v);
    const parts = m && { y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: +(m[4] ?? 0), mi: +(m[5] ?? 0), s: +(m[6] ?? 0), ms: Math.round(+`0.${m[7] ?? '0'}` * 1000), zone: m[8] };
    if (!parts || !validParts(parts.y, parts.mo, parts.d, parts.h, parts.mi, parts.s)) {
      this.reasons.push(reason('INVALID_FORMAT', field, `"${v}" is not a date-time (YYYY-MM-DD HH:mm:ss in ${this.env.timeZone}, or ISO 8601 with an offset)`));
      return null;
    }
    const clock = ((parts.h * 60 + parts.mi) * 60 + parts.s) * 1000 + parts.ms;
    let instant: number;
    if (parts.zone) {
      instant = Date.UTC(parts.y, parts.mo - 1, parts.d) + clock - zoneOffsetMs(parts.zone);
    } else {
      instant = zonedMidnight(`${pad(parts.y, 4)}-${pad(parts.mo)}-${pad(parts.d)}`, this.env.timeZone) + clock;
    }
    return this.inCalendar(field, v, instant, options.future ?? false);
  }

  /** A calendar date YYYY-MM-DD (also YYYY/M/D and YYYYMMDD); not in the future. */
  date(field: string, required = false): string | null {
    const v = this.value(field, required);
    if (v === null) return null;
    const m = DATE_TIME.exec(v) ?? COMPACT_DATE.exec(v);
    if (!m || m[4] !== undefined || !validParts(+m[1]!, +m[2]!, +m[3]!, 0, 0, 0)) {
      this.reasons.push(reason('INVALID_FORMAT', field, `"${v}" is not a date (YYYY-MM-DD)`));
      return null;
    }
    const key = `${m[1]}-${pad(+m[2]!)}-${pad(+m[3]!)}`;
    if (zonedMidnight(key, this.env.timeZone) > this.env.now) {
      this.reasons.push(reason('FUTURE_DATE', field, v));
      return null;
    }
    return key;
  }

  private inCalendar(field: string, text: string, instant: number, future: boolean): number | null {
    if (!future && instant > this.env.now) {
      this.reasons.push(reason('FUTURE_DATE', field, text));
      return null;
    }
    try {
      this.env.calendar.localDate(instant);
    } catch (error) {
      if (!(error instanceof CalendarRangeError)) throw error;
      this.reasons.push(reason('OUTSIDE_CALENDAR', field, `${text} is outside ${this.env.calendar.firstDay} to ${this.env.calendar.lastDay}`));
      return null;
    }
    return instant;
  }

  /** Records a reason found by a cross-field or reference check. */
  add(found: Reason): void {
    this.reasons.push(found);
  }
}

function validParts(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

function zoneOffsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
