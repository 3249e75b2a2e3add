// Merges the Overview's two answers (rollup-backed KPIs and fact-backed ones)
// into one shape the page draws; a KPI whose answer has not arrived is
// `undefined` (drawn as a skeleton), a KPI without a value is `null` (a dash).
import type { OverviewFromFactsQuery, OverviewFromRollupsQuery } from '../gql/graphql.ts';
import { TILE_KPIS, type TileKpi } from '../kpi/kpi-catalogue.ts';
import type { RagStatus } from '../kpi/rag.ts';

export type Target = { kpi: string; target: number; status: RagStatus | null };
export type KpiValues = Partial<Record<TileKpi, number | null>>;
export type OverviewRow = { values: KpiValues; targets: Target[] };

export type OverviewData = {
  totals: OverviewRow & { comparison: KpiValues; change: KpiValues };
  trend: (OverviewRow & { label: string })[];
  league: (OverviewRow & { orgUnit: { id: string; nameZh: string; nameEn: string } })[];
  byCategory: OverviewFromRollupsQuery['byCategory'];
  byChannel: OverviewFromRollupsQuery['byChannel'];
  bySegment: OverviewFromRollupsQuery['bySegment'];
  /** KPIs whose answer has arrived. */
  loaded: Set<TileKpi>;
};

type Source = Partial<Record<TileKpi, number | null>> | null | undefined;

function pick(source: Source, kpis: readonly TileKpi[]): KpiValues {
  const values: KpiValues = {};
  for (const kpi of kpis) if (source && kpi in source) values[kpi] = source[kpi] ?? null;
  return values;
}

function targets(list: readonly { kpi: string; target: number; status?: string | null }[] | undefined): Target[] {
  return (list ?? []).map((t) => ({ kpi: t.kpi, target: t.target, status: (t.status ?? null) as RagStatus | null }));
}

export function mergeOverview(fast: OverviewFromRollupsQuery, slow: OverviewFromFactsQuery | undefined): OverviewData {
  const fastKpis = TILE_KPIS.filter((k) => k !== 'medianResolutionHours' && k !== 'backlog');
  const slowKpis: TileKpi[] = slow ? ['medianResolutionHours', 'backlog'] : [];
  const kpis = [...fastKpis, ...slowKpis];
  const total = fast.totals[0];
  const slowTotal = slow?.totals[0];
  const slowTrend = new Map(slow?.trend.map((row) => [row.key.period?.label ?? '', row]) ?? []);
  const slowLeague = new Map(slow?.league.map((row) => [row.key.orgUnit?.id ?? '', row]) ?? []);
  return {
    totals: {
      values: { ...pick(total, fastKpis), ...pick(slowTotal, slowKpis) },
      comparison: { ...pick(total?.comparison, fastKpis), ...pick(slowTotal?.comparison, slowKpis) },
      change: { ...pick(total?.change, fastKpis), ...pick(slowTotal?.change, slowKpis) },
      targets: [...targets(total?.targets), ...targets(slowTotal?.targets)],
    },
    trend: fast.trend.map((row) => {
      const label = row.key.period?.label ?? '';
      const other = slowTrend.get(label);
      return { label, values: { ...pick(row, fastKpis), ...pick(other, slowKpis) }, targets: [...targets(row.targets), ...targets(other?.targets)] };
    }),
    league: fast.league.flatMap((row) => {
      if (!row.key.orgUnit) return [];
      const other = slowLeague.get(row.key.orgUnit.id);
      return [{ orgUnit: row.key.orgUnit, values: { ...pick(row, fastKpis), ...pick(other, slowKpis) }, targets: [...targets(row.targets), ...targets(other?.targets)] }];
    }),
    byCategory: fast.byCategory,
    byChannel: fast.byChannel,
    bySegment: fast.bySegment,
    loaded: new Set(kpis),
  };
}
