import { useMemo } from 'react';
import { useQuery } from '../api/useQuery.ts';
import { GroupedBars } from '../components/GroupedBars.tsx';
import { EmptyState, ErrorState, Skeleton } from '../components/States.tsx';
import { TrendChart } from '../components/TrendChart.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { kpiInfo } from '../kpi/kpi-catalogue.ts';
import { ResolutionQuery } from '../queries/pages.query.ts';
import { trailingTwelveMonths } from '../state/date-presets.ts';
import { useFilters } from '../state/useFilters.ts';
import { kpiFilter } from '../state/url-state.ts';

/** How fast complaints are resolved: time bands, p50/p90 by month, SLA compliance by category, overdue backlog. */
export function ResolutionPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { filters, range } = useFilters();
  const variables = useMemo(() => ({ filter: kpiFilter(filters, range), trendFilter: kpiFilter(filters, trailingTwelveMonths(range)), assessed: filters.assessed }), [filters, range]);
  const state = useQuery(ResolutionQuery, variables);
  return (
    <div data-testid="page-resolution">
      <h1 className="page-title">{t('pageResolution')}</h1>
      {state.status === 'loading' && <Skeleton height={500} />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={state.retry} />}
      {state.status === 'done' && (() => {
        const bands = state.data.bands[0];
        const within3 = bands?.resolvedWithin3BusinessDays ?? 0;
        const histogram = bands ? [
          { label: t('band3bd'), values: { n: within3 } },
          { label: t('band4w'), values: { n: Math.max(0, bands.resolvedWithin4Weeks - within3) } },
          { label: t('band8w'), values: { n: bands.resolvedIn4To8Weeks } },
          { label: t('bandOver8w'), values: { n: bands.resolvedAfter8Weeks } },
        ] : [];
        const periods = state.data.trend.map((row) => ({ label: row.key.period?.label ?? '', values: { p50: row.medianResolutionHours, p90: row.p90ResolutionHours, overdue: row.overdueBacklog } }));
        const slaTarget = state.data.slaByCategory.flatMap((r) => r.targets).find((x) => x.kpi === 'slaComplianceRate')?.target;
        return (
          <div className="grid-2">
            {bands && bands.resolvedComplaints === 0 ? <EmptyState /> : (
              <GroupedBars title={t('resolutionHistogram')} format="count" items={histogram} series={[{ key: 'n', label: t('pageComplaints'), colour: '#1a73e8' }]} testId="resolution-histogram" />
            )}
            <TrendChart title={t('p50p90Trend')} format="hours" periods={periods}
              series={[{ key: 'p50', label: locale(i18n, '处理时长中位数', 'Median'), colour: '#1a73e8' }, { key: 'p90', label: locale(i18n, '90分位', '90th percentile'), colour: '#e37400' }]} />
            <GroupedBars title={t('slaByCategory')} format="percent"
              items={state.data.slaByCategory.filter((r) => r.key.category).map((r) => ({ label: i18n.name(r.key.category), values: { sla: r.slaComplianceRate } }))}
              series={[{ key: 'sla', label: locale(i18n, kpiInfo('slaComplianceRate')!.zh, kpiInfo('slaComplianceRate')!.en), colour: '#188038' }]}
              target={slaTarget} />
            <TrendChart title={t('overdueBacklog')} format="count" periods={periods} series={[{ key: 'overdue', label: t('overdue'), colour: '#d93025' }]} />
          </div>
        );
      })()}
    </div>
  );
}

function locale(i18n: ReturnType<typeof useI18n>, zh: string, en: string): string {
  return i18n.locale === 'zh-CN' ? zh : en;
}
