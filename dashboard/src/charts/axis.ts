import { formatNumber, formatPercent, type Locale } from '../i18n/format.ts';
import type { KpiFormat } from '../kpi/kpi-catalogue.ts';

type Bound = number | 'auto' | ((value: number) => number);

/** A value axis: percentages hug the data but stay within 0–100 %; other figures start at zero. */
export function valueDomain(format: KpiFormat): [Bound, Bound] {
  if (format === 'percent') {
    return [(min) => Math.max(0, Math.floor(min * 20) / 20), (max) => Math.min(1, Math.ceil(max * 20) / 20)];
  }
  return [(min) => Math.min(0, min), 'auto'];
}

/** Short tick labels: 95%, 48 h, 120, 1.5. */
export function axisTick(format: KpiFormat, locale: Locale): (value: number) => string {
  switch (format) {
    case 'percent': return (v) => formatPercent(v, locale, 0);
    case 'hours': return (v) => `${formatNumber(v, locale, 0)} h`;
    case 'decimal':
    case 'score': return (v) => formatNumber(v, locale, Number.isInteger(v) ? 0 : 1);
    default: return (v) => formatNumber(v, locale, 0);
  }
}
