import { formatNumber, formatPercent, type Locale } from '../i18n/format.ts';
import type { KpiFormat } from '../kpi/kpi-catalogue.ts';

/** Short tick labels: 95%, 48 h, 120, 1.5 (bar charts, whose axis recharts spaces). */
export function axisTick(format: KpiFormat, locale: Locale, decimals?: number): (value: number) => string {
  switch (format) {
    case 'percent': return (v) => formatPercent(v, locale, decimals ?? 0);
    case 'hours': return (v) => `${formatNumber(v, locale, decimals ?? 0)} h`;
    case 'count': return (v) => formatNumber(v, locale, decimals ?? 0);
    default: return (v) => formatNumber(v, locale, decimals ?? (Number.isInteger(v) ? 0 : 1));
  }
}

export type ValueAxis = { domain: [number, number]; ticks: number[]; tick: (value: number) => string };

/**
 * The value axis of a KPI line chart, computed from its values (and its
 * target, so the target line is always on the chart): percentages hug the
 * data within 0–100 % in 5-point bounds, other figures start at zero. Ticks
 * step by 1, 2 or 5 × 10ⁿ, and labels carry just enough decimals for that
 * step, so two ticks never read the same (recharts' own ticks with whole-
 * number labels showed "1 h, 1 h, 2 h" or "93%, 93%").
 */
export function valueAxis(format: KpiFormat, values: readonly (number | null | undefined)[], locale: Locale): ValueAxis {
  const shown = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const min = shown.length ? Math.min(...shown) : 0;
  const max = shown.length ? Math.max(...shown) : 0;
  let low: number;
  let high: number;
  if (format === 'percent') {
    low = Math.max(0, Math.floor(min * 20) / 20);
    high = Math.min(1, Math.ceil(max * 20) / 20);
    if (high - low < 0.05) [low, high] = high >= 0.05 ? [high - 0.05, high] : [0, 0.05];
  } else {
    low = Math.min(0, min);
    high = max > low ? max : low + 1;
  }
  const step = niceStep(low, high, format === 'count');
  const first = Math.floor(low / step + 1e-9);
  const last = Math.ceil(high / step - 1e-9);
  const ticks = Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toPrecision(12)));
  const unitStep = format === 'percent' ? step * 100 : step;
  const decimals = Math.max(0, -Math.floor(Math.log10(unitStep) + 1e-9));
  return { domain: [ticks[0]!, ticks.at(-1)!], ticks, tick: axisTick(format, locale, decimals) };
}

/** The smallest step of 1, 2 or 5 × 10ⁿ (whole for counts) that spans low–high in at most six intervals. */
function niceStep(low: number, high: number, integers: boolean): number {
  for (let magnitude = 10 ** Math.floor(Math.log10((high - low) / 6)); ; magnitude *= 10) {
    for (const step of [1, 2, 5].map((m) => Number((m * magnitude).toPrecision(12)))) {
      if (integers && !Number.isInteger(step)) continue;
      if (Math.ceil(high / step - 1e-9) - Math.floor(low / step + 1e-9) <= 6) return step;
    }
  }
}
