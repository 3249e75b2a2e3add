import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../i18n/format.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ChartCard } from './ChartCard.tsx';
import { EmptyState } from './States.tsx';

export type BreakdownItem = { key: string; label: string; value: number | null; formatted: string };

/** Horizontal bars of one measure by a dimension; a click (or the table's button) drills down. */
export function BarBreakdown({ title, measureLabel, items, onSelect, testId, format }: {
  title: string;
  measureLabel: string;
  items: BreakdownItem[];
  onSelect?(key: string): void;
  testId: string;
  format?(value: number): string;
}) {
  const { t, locale } = useI18n();
  const data = items.filter((item) => item.value !== null);
  const height = Math.max(120, data.length * 28 + 30);
  return (
    <ChartCard title={title} columns={[{ label: t('name') }, { label: measureLabel, align: 'right' }]} rows={items.map((i) => [i.label, i.formatted])}>
      {data.length === 0 ? <EmptyState /> : (
        <div data-testid={testId}>
          <ResponsiveContainer width="100%" height={height}>
            <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24, top: 4, bottom: 4 }}>
              <CartesianGrid horizontal={false} stroke="#e8eaed" />
              <XAxis type="number" allowDecimals={false} tickFormatter={(v: number) => (format ? format(v) : formatNumber(v, locale))} fontSize={11} />
              <YAxis type="category" dataKey="label" width={150} fontSize={12} interval={0} />
              <Tooltip formatter={(_v, _n, entry) => [(entry.payload as BreakdownItem).formatted, measureLabel]} />
              <Bar dataKey="value" fill="#1a73e8" isAnimationActive={false} cursor={onSelect ? 'pointer' : undefined}
                onClick={(entry) => onSelect?.((entry as unknown as { payload: BreakdownItem }).payload.key)} />
            </BarChart>
          </ResponsiveContainer>
          {onSelect && (
            <ul className="drill-list" aria-label={t('drillHint')}>
              {data.map((item) => (
                <li key={item.key}><button type="button" className="drill-button" data-key={item.key} onClick={() => onSelect(item.key)}>{item.label}: {item.formatted}</button></li>
              ))}
            </ul>
          )}
        </div>
      )}
    </ChartCard>
  );
}
