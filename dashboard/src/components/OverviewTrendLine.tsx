import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { valueAxis } from '../charts/axis.ts';
import { formatKpi, type Locale } from '../i18n/format.ts';
import type { KpiFormat } from '../kpi/kpi-catalogue.ts';

/**
 * The Overview's trend line (recharts). In its own chunk, loaded as the
 * Overview's requests go out (lazy-module.ts): recharts is most of the
 * dashboard's JavaScript, and the first paint does not need it.
 */
export function OverviewTrendLine({ points, format, kpiName, target, targetLabel, locale }: {
  points: { label: string; value: number | null }[];
  format: KpiFormat;
  kpiName: string;
  target: number | undefined;
  targetLabel: string;
  locale: Locale;
}) {
  const axis = valueAxis(format, [...points.map((p) => p.value), target], locale);
  return (
    <ResponsiveContainer width="100%" height={260}>
      <LineChart data={points} margin={{ top: 12, right: 24, left: 8, bottom: 4 }}>
        <CartesianGrid stroke="#e8eaed" />
        <XAxis dataKey="label" fontSize={11} />
        <YAxis fontSize={11} width={64} domain={axis.domain} ticks={axis.ticks} interval={0} tickFormatter={axis.tick} />
        <Tooltip formatter={(v) => [formatKpi(typeof v === 'number' ? v : null, format, locale), kpiName]} />
        <Line type="monotone" dataKey="value" stroke="#1a73e8" strokeWidth={2} isAnimationActive={false} connectNulls />
        {target !== undefined && <ReferenceLine y={target} stroke="#c62828" strokeDasharray="6 4" label={{ value: targetLabel, fill: '#b3261e', fontSize: 11, position: 'insideTopRight' }} />}
      </LineChart>
    </ResponsiveContainer>
  );
}
