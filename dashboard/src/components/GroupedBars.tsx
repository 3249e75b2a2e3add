import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatKpi } from '../i18n/format.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { KpiFormat } from '../kpi/kpi-catalogue.ts';
import { axisTick } from '../charts/axis.ts';
import { ChartCard } from './ChartCard.tsx';
import { EmptyState } from './States.tsx';

export type BarSeries = { key: string; label: string; colour: string };

/** Vertical bars of one or more measures (of one format) per item. */
export function GroupedBars({ title, items, series, format, testId, target }: {
  title: string;
  items: { label: string; values: Record<string, number | null> }[];
  series: BarSeries[];
  format: KpiFormat;
  testId?: string;
  target?: number;
}) {
  const { t, locale } = useI18n();
  const data = items.map((i) => ({ label: i.label, ...i.values }));
  return (
    <ChartCard title={title} columns={[{ label: t('name') }, ...series.map((s) => ({ label: s.label, align: 'right' as const }))]}
      rows={items.map((i) => [i.label, ...series.map((s) => formatKpi(i.values[s.key], format, locale))])}>
      {items.length === 0 ? <EmptyState /> : (
        <div data-testid={testId}>
          <ResponsiveContainer width="100%" height={Math.max(180, items.length * (series.length * 14 + 12) + 50)}>
            <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, left: 8, bottom: 4 }}>
              <CartesianGrid horizontal={false} stroke="#e8eaed" />
              <XAxis type="number" fontSize={11} allowDecimals={format !== 'count'} tickFormatter={axisTick(format, locale)} domain={format === 'percent' ? [0, 1] : undefined} />
              <YAxis type="category" dataKey="label" width={160} fontSize={12} interval={0} />
              <Tooltip formatter={(v) => formatKpi(typeof v === 'number' ? v : null, format, locale)} />
              {series.length > 1 && <Legend />}
              {target !== undefined && <ReferenceLine x={target} stroke="#c62828" strokeDasharray="6 4" label={{ value: t('targetLine'), fill: '#b3261e', fontSize: 11, position: 'top' }} />}
              {series.map((s) => <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.colour} isAnimationActive={false} />)}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </ChartCard>
  );
}
