// Numbers, percentages, hours and dates per locale. Every formatter turns a
// missing or non-finite value into a dash, so no page can show NaN or
// "undefined".
import { UTILITY_TIME_ZONE } from '../state/date-presets.ts';
import type { KpiFormat } from '../kpi/kpi-catalogue.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const MISSING = '—';

function finite(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

export function formatNumber(value: number | null | undefined, locale: Locale, fractionDigits = 0): string {
  if (!finite(value)) return MISSING;
  return numberFormat(locale, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value);
}

/** A short number for axis ticks: 250K (en), 25万 (zh-CN); small numbers as they are. */
export function formatCompact(value: number | null | undefined, locale: Locale): string {
  if (!finite(value)) return MISSING;
  return numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A fraction in [0, 1] as a percentage: 0.934 → "93.4%". */
export function formatPercent(value: number | null | undefined, locale: Locale, fractionDigits = 1): string {
  if (!finite(value)) return MISSING;
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value);
}

export function formatHours(value: number | null | undefined, locale: Locale): string {
  if (!finite(value)) return MISSING;
  return locale === 'zh-CN' ? `${formatNumber(value, locale, 1)} 小时` : `${formatNumber(value, locale, 1)} h`;
}

export function formatMoney(value: number | null | undefined, locale: Locale): string {
  if (!finite(value)) return MISSING;
  return numberFormat(locale, { style: 'currency', currency: 'CNY', maximumFractionDigits: 0 }).format(value);
}

/** A KPI value by its kind. */
export function formatKpi(value: number | null | undefined, format: KpiFormat, locale: Locale): string {
  switch (format) {
    case 'percent': return formatPercent(value, locale);
    case 'count': return formatNumber(value, locale);
    case 'hours': return formatHours(value, locale);
    case 'decimal': return formatNumber(value, locale, 1);
    case 'money': return formatMoney(value, locale);
    case 'score': return formatNumber(value, locale, 2);
  }
}

function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : value < 0 ? `−${text.replace(/^-/, '')}` : text;
}

/**
 * A change against the comparison period: ratios in percentage points
 * ("+1.2 pp"), everything else relative to the comparison ("+5.3%"), or
 * absolute when the comparison is zero or missing.
 */
export function formatChange(change: number | null | undefined, comparison: number | null | undefined, format: KpiFormat, locale: Locale): string {
  if (!finite(change)) return MISSING;
  if (format === 'percent') {
    const points = formatNumber(Math.abs(change * 100), locale, 1);
    return signed(points, change) + (locale === 'zh-CN' ? ' 个百分点' : ' pp');
  }
  if (finite(comparison) && comparison !== 0) {
    const relative = change / Math.abs(comparison);
    return signed(formatPercent(Math.abs(relative), locale), relative);
  }
  return signed(formatKpi(Math.abs(change), format, locale), change);
}

const dayFormats = new Map<Locale, Intl.DateTimeFormat>();
/** A local day (YYYY-MM-DD) in the locale's style; the day is not shifted by any time zone. */
export function formatDay(day: string | null | undefined, locale: Locale): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return MISSING;
  let format = dayFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
    dayFormats.set(locale, format);
  }
  return format.format(new Date(`${day}T00:00:00Z`));
}

const timeFormats = new Map<Locale, Intl.DateTimeFormat>();
/** An instant as the utility's local date and time. */
export function formatDateTime(iso: string | null | undefined, locale: Locale, timeZone = UTILITY_TIME_ZONE): string {
  if (!iso) return MISSING;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return MISSING;
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
    timeFormats.set(locale, format);
  }
  return format.format(date);
}

const monthFormats = new Map<Locale, Intl.DateTimeFormat>();
/** A period label of the API (2026-03, 2026-Q1, 2026-W09, 2026, or a day) for the locale. */
export function formatPeriodLabel(label: string, locale: Locale): string {
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (month) {
    let format = monthFormats.get(locale);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'short' });
      monthFormats.set(locale, format);
    }
    return format.format(new Date(`${label}-01T00:00:00Z`));
  }
  const quarter = /^(\d{4})-Q(\d)$/.exec(label);
  if (quarter) return locale === 'zh-CN' ? `${quarter[1]}年第${quarter[2]}季度` : `Q${quarter[2]} ${quarter[1]}`;
  const week = /^(\d{4})-W(\d{2})$/.exec(label);
  if (week) return locale === 'zh-CN' ? `${week[1]}年第${Number(week[2])}周` : `W${week[2]} ${week[1]}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(label)) return formatDay(label, locale);
  return label;
}
