import { niceTicks } from '../charts/nice-ticks.ts';
import { formatCompact } from '../i18n/format.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ChartCard } from './ChartCard.tsx';
import { EmptyState } from './States.tsx';

export type BreakdownItem = { key: string; label: string; value: number | null; formatted: string };

/**
 * Horizontal bars of one measure by a dimension; a click (or the drill
 * list's button, for the keyboard) drills down. Plain HTML and CSS rather
 * than a chart library: the Overview draws three of these, and recharts took
 * most of its drawing time for them (bench:dashboard).
 */
export function BarBreakdown({ title, measureLabel, items, onSelect, testId, format }: {
  title: string;
  measureLabel: string;
  items: BreakdownItem[];
  onSelect?(key: string): void;
  testId: string;
  format?(value: number): string;
}) {
  const { t, locale } = useI18n();
  const data = items.filter((item): item is BreakdownItem & { value: number } => item.value !== null);
  const ticks = niceTicks(Math.max(0, ...data.map((item) => item.value)));
  const top = ticks.at(-1)!;
  const at = (value: number) => `${(Math.max(0, value) / top) * 100}%`;
  const tickLabel = (v: number) => (format ? format(v) : formatCompact(v, locale));
  return (
    <ChartCard title={title} columns={[{ label: t('name') }, { label: measureLabel, align: 'right' }]} rows={items.map((i) => [i.label, i.formatted])}>
      {data.length === 0 ? <EmptyState /> : (
        <div data-testid={testId}>
          <div className="bar-chart" aria-hidden="true">
            <div className="bar-labels">
              {data.map((item) => <div key={item.key} className="bar-label">{item.label}</div>)}
            </div>
            <div className="bar-plot">
              {ticks.map((tick) => <span key={tick} className="bar-gridline" style={{ left: at(tick) }} />)}
              {data.map((item) => (
                <div key={item.key} className="bar-row" title={`${item.label}: ${item.formatted}`}>
                  <span className={`breakdown-bar${onSelect ? ' clickable' : ''}`} style={{ width: at(item.value) }} onClick={onSelect ? () => onSelect(item.key) : undefined} />
                </div>
              ))}
              <div className="bar-axis">
                {ticks.map((tick) => <span key={tick} className="bar-tick" style={{ left: at(tick) }}>{tickLabel(tick)}</span>)}
              </div>
            </div>
          </div>
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
