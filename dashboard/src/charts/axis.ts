import type { KpiFormat } from '../kpi/kpi-catalogue.ts';

type Bound = (value: number) => number;

/** A value axis that hugs the data; percentages never past 0–100 %. */
export function valueDomain(format: KpiFormat): [Bound, Bound] {
  if (format === 'percent') {
    return [(min) => Math.max(0, Math.floor(min * 20) / 20), (max) => Math.min(1, Math.ceil(max * 20) / 20)];
  }
  return [(min) => (min >= 0 ? Math.max(0, Math.floor(min * 0.9)) : min), (max) => Math.ceil(max * 1.05)];
}
