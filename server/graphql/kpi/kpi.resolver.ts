import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import { Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { OrgUnitLevel as OrgUnitLevelValue } from '../../entities/org-unit.entity.ts';
import { KPIS_BY_CODE } from '../../metrics/catalogue.ts';
import type { KpiDimension as KpiDimensionValue, TimeGrain as TimeGrainValue } from '../../metrics/kpi-query.ts';
import { comparisonRange, pairWithComparison, type Comparison as ComparisonValue } from '../../metrics/kpi-comparison.ts';
import type { KpiResultRow } from '../../metrics/kpi-query.ts';
import { runKpiQuery } from '../../metrics/kpi-query.runner.ts';
import { governingTarget, ragStatus, targetsFor } from '../../metrics/targets.ts';
import { visibleTo } from '../../auth/viewer.ts';
import { CategoryType } from '../category/category.type.ts';
import { ChannelType } from '../channel/channel.type.ts';
import { badInput } from '../common/api-error.ts';
import { checkDateRange } from '../common/date-range.ts';
import { OrgUnitLevel } from '../common/enums.ts';
import type { GraphQLContext } from '../context.ts';
import { OrgUnitType } from '../org-unit/org-unit.type.ts';
import { fromGlobalId } from '../relay/global-id.ts';
import { kpiPeriod } from './kpi-period.ts';
import { Comparison, KpiDimension, KpiFilter, KpiKeyType, KpiRowType, KpiTargetStatusType, TimeGrain } from './kpi.types.ts';

/** The KPI fields a query selects on KpiRow and its comparison/change (aliases and fragments included): only these are computed. */
function selectedMeasures(info: GraphQLResolveInfo): string[] {
  const tree = parseResolveInfo(info) as ResolveTree | undefined;
  const fields = Object.values(tree?.fieldsByTypeName.KpiRow ?? {});
  const nested = fields
    .filter((f) => f.name === 'comparison' || f.name === 'change')
    .flatMap((f) => Object.values(f.fieldsByTypeName.KpiValues ?? {}));
  return [...new Set([...fields, ...nested].map((f) => f.name).filter((name) => KPIS_BY_CODE.has(name)))];
}

function wantsTargets(info: GraphQLResolveInfo): boolean {
  const tree = parseResolveInfo(info) as ResolveTree | undefined;
  return Object.values(tree?.fieldsByTypeName.KpiRow ?? {}).some((f) => f.name === 'targets');
}

/**
 * Targets of the selected KPIs (one statement), as a function from a result
 * row to its statuses. A row's org unit is its group's; ungrouped rows take
 * the one org unit filtered on, else the top of the viewer's tree.
 */
async function targetStatuses(ctx: GraphQLContext, measures: string[], range: { from: string; to: string }, grain: TimeGrainValue | null, filter: KpiFilter) {
  const { orgUnits } = await ctx.reference.get();
  const targets = await targetsFor(ctx.db, measures, range, (id) => orgUnits.get(id)?.path);
  const roots = [...orgUnits.values()].filter((u) => u.parentId === null && visibleTo(ctx.viewer, u.path));
  const filteredUnit = filter.orgUnitIds?.length === 1 ? orgUnits.get(Number(fromGlobalId('OrgUnit', filter.orgUnitIds[0]!, 'filter.orgUnitIds[0]'))) : undefined;
  const defaultPath = filteredUnit?.path ?? (roots.length === 1 ? roots[0]!.path : undefined);
  return (row: KpiResultRow): KpiTargetStatusType[] => {
    const path = row.orgUnitId !== null ? orgUnits.get(row.orgUnitId)?.path : defaultPath;
    if (!path) return [];
    const day = row.periodStart && row.periodStart > range.from ? row.periodStart : range.from;
    return measures.flatMap((code) => {
      const target = governingTarget(targets, code, path, day, grain);
      if (!target) return [];
      const value = row.values[code] ?? null;
      return [Object.assign(new KpiTargetStatusType(), {
        kpi: code, target: target.target, direction: target.direction, amberBand: target.amberBand,
        status: ragStatus(value, target), orgUnitId: target.orgUnitId,
      })];
    });
  };
}

@Resolver(() => KpiRowType)
export class KpiResolver {
  @Query(() => [KpiRowType], {
    description: 'KPIs of shared/METRICS.md over your org units: any KPIs × up to three dimensions × a time grain, computed in one SQL statement. Assessed figures (the default) leave out complaints covered by approved exemption filings and the surveys that follow them; exemptComplaints is reported in both views.',
  })
  async kpis(
    @Arg('filter', () => KpiFilter) filter: KpiFilter,
    @Arg('groupBy', () => [KpiDimension], { nullable: true, description: 'Up to three dimensions.' }) groupBy: KpiDimensionValue[] | null,
    @Arg('orgUnitLevel', () => OrgUnitLevel, { nullable: true, description: 'Level of the ORG_UNIT dimension (default CITY).' }) orgUnitLevel: OrgUnitLevelValue | null,
    @Arg('grain', () => TimeGrain, { nullable: true, description: 'Time buckets; none: the whole range as one period.' }) grain: TimeGrainValue | null,
    @Arg('assessed', () => Boolean, { nullable: true, description: 'Default true: leave out exempt complaints and their surveys. false: raw figures.' }) assessed: boolean | null,
    @Arg('compareTo', () => Comparison, { nullable: true, description: 'Adds, per row, the KPIs of the comparison period and their change (same statement).' }) compareTo: ComparisonValue | null,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const range = checkDateRange(filter.dateRange, 'filter.dateRange')!;
    const dimensions = [...new Set(groupBy ?? [])];
    if (dimensions.length > 3) throw badInput('groupBy', `at most 3 dimensions, got ${dimensions.length}`);
    if (dimensions.includes('CATEGORY') && dimensions.includes('CATEGORY_GROUP')) {
      throw badInput('groupBy', 'group by CATEGORY or CATEGORY_GROUP, not both');
    }
    const measures = selectedMeasures(info);
    if (measures.length === 0) return [];
    const comparison = compareTo ? comparisonRange(range, compareTo, grain) : undefined;
    if (comparison && comparison.to >= range.from) {
      throw badInput('compareTo', `the range is longer than a year, so it overlaps the same period last year; use PREVIOUS_PERIOD or a shorter range`);
    }
    const result = await runKpiQuery(ctx.db, {
      comparison,
      measures,
      groupBy: dimensions,
      orgUnitLevel: orgUnitLevel ?? 'CITY',
      grain,
      assessed: assessed ?? true,
      viewer: ctx.viewer,
      timeZone: ctx.timeZone,
      filter: {
        ...range,
        orgUnitIds: filter.orgUnitIds?.map((id, i) => Number(fromGlobalId('OrgUnit', id, `filter.orgUnitIds[${i}]`))),
        categoryIds: filter.categoryIds?.map((id, i) => Number(fromGlobalId('Category', id, `filter.categoryIds[${i}]`))),
        channelCodes: filter.channels ?? undefined,
        segments: filter.segments ?? undefined,
      },
    });
    const rows = compareTo ? pairWithComparison(result, range, compareTo, grain, measures) : result;
    const statusOf = wantsTargets(info) ? await targetStatuses(ctx, measures, range, grain, filter) : () => [];
    return rows.map((row) => ({
      ...row.values,
      comparison: 'comparison' in row ? row.comparison : null,
      change: 'change' in row ? row.change : null,
      targets: statusOf(row),
      key: Object.assign(new KpiKeyType(), {
        period: row.periodStart && grain ? kpiPeriod(row.periodStart, grain, range) : null,
        segment: row.segment,
        orgUnitId: row.orgUnitId,
        categoryId: row.categoryId,
        channelId: row.channelId,
      }),
    }));
  }
}

@Resolver(() => KpiKeyType)
export class KpiKeyResolver {
  @FieldResolver(() => OrgUnitType, { nullable: true, description: 'Org unit (when grouped by ORG_UNIT).' })
  orgUnit(@Root() key: KpiKeyType, @Ctx() ctx: GraphQLContext) {
    return key.orgUnitId === null ? null : ctx.loaders.orgUnit.load(key.orgUnitId);
  }

  @FieldResolver(() => CategoryType, { nullable: true, description: 'Category or category group (when grouped by one; null for surveys without a complaint).' })
  category(@Root() key: KpiKeyType, @Ctx() ctx: GraphQLContext) {
    return key.categoryId === null ? null : ctx.loaders.category.load(key.categoryId);
  }

  @FieldResolver(() => ChannelType, { nullable: true, description: 'Channel (when grouped by CHANNEL).' })
  channel(@Root() key: KpiKeyType, @Ctx() ctx: GraphQLContext) {
    return key.channelId === null ? null : ctx.loaders.channel.load(key.channelId);
  }
}

@Resolver(() => KpiTargetStatusType)
export class KpiTargetStatusResolver {
  @FieldResolver(() => OrgUnitType, { nullable: true, description: 'The org unit the target is set on.' })
  orgUnit(@Root() status: KpiTargetStatusType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.orgUnit.load(status.orgUnitId);
  }
}
