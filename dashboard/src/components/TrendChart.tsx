import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatKpi, formatPeriodLabel } from '../i18n/format.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { KpiFormat } from '../kpi/kpi-catalogue.ts';
import { valueAxis } from '../charts/axis.ts';
import { ChartCard } from './ChartCard.tsx';
import { EmptyState } from './States.tsx';

export type TrendSeries = { key: string; label: string; colour: string };

/** Lines of one or more measures over the months, with an optional target line. */
export function TrendChart({ title, periods, series, format, target }: {
  title: string;
  periods: { label: string; values: Record<string, number | null> }[];
  series: TrendSeries[];
  format: KpiFormat;
  target?: number;
}) {
  const { t, locale } = useI18n();
  const data = periods.map((p) => ({ period: formatPeriodLabel(p.label, locale), ...p.values }));
  const axis = valueAxis(format, [...periods.flatMap((p) => series.map((s) => p.values[s.key])), target], locale);
  const empty = periods.every((p) => series.every((s) => p.values[s.key] === null || p.values[s.key] === undefined));
  return (
    <ChartCard title={title} columns={[{ label: t('period_') }, ...series.map((s) => ({ label: s.label, align: 'right' as const }))]}
      rows={periods.map((p) => [formatPeriodLabel(p.label, locale), ...series.map((s) => formatKpi(p.values[s.key], format, locale))])}>
      {empty ? <EmptyState /> : (
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 12, right: 24, left: 8, bottom: 4 }}>
            <CartesianGrid stroke="#e8eaed" />
            <XAxis dataKey="period" fontSize={11} />
            <YAxis fontSize={11} width={70} domain={axis.domain} ticks={axis.ticks} interval={0} tickFormatter={axis.tick} />
            <Tooltip formatter={(v) => formatKpi(typeof v === 'number' ? v : null, format, locale)} />
            {series.length > 1 && <Legend />}
            {series.map((s) => <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.colour} strokeWidth={2} isAnimationActive={false} connectNulls />)}
            {target !== undefined && <ReferenceLine y={target} stroke="#c62828" strokeDasharray="6 4" label={{ value: t('targetLine'), fill: '#b3261e', fontSize: 11, position: 'insideTopRight' }} />}
          </LineChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}
