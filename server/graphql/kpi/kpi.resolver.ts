import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { OrgUnitLevel as OrgUnitLevelValue } from '../../entities/org-unit.entity.ts';
import { KPIS_BY_CODE } from '../../metrics/catalogue.ts';
import type { KpiDimension as KpiDimensionValue, TimeGrain as TimeGrainValue } from '../../metrics/kpi-query.ts';
import { comparisonRange, pairWithComparison, type Comparison as ComparisonValue } from '../../metrics/kpi-comparison.ts';
import type { KpiQuery, KpiResultRow } from '../../metrics/kpi-query.ts';
import { contributorSelection, NotDrillableError, type ContributorSelection, type KpiCell, type KpiPartName } from '../../metrics/kpi-contributors.ts';
import { ComplaintEntity } from '../../entities/complaint.entity.ts';
import { SurveyEntity } from '../../entities/survey.entity.ts';
import { raw, selectEntities, selectRows, sql } from '../../db/sql.ts';
import { ComplaintType } from '../complaint/complaint.type.ts';
import { SurveyType } from '../survey/survey.type.ts';
import { PageArgs, pageRequest, toConnection, type PageRequest } from '../relay/connection.ts';
import { keysetPage, where } from '../relay/keyset.ts';
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
import { Comparison, KpiCellInput, KpiContributorPage, KpiFilter, KpiKeyType, KpiPart, KpiQueryArgs, KpiRowType, KpiTargetStatusType } from './kpi.types.ts';

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

/** A KpiQuery from the GraphQL arguments, each checked and named when wrong. */
async function kpiQueryOf(args: KpiQueryArgs, measures: string[], ctx: GraphQLContext): Promise<KpiQuery> {
  const range = checkDateRange(args.filter.dateRange, 'filter.dateRange')!;
  const dimensions = [...new Set(args.groupBy ?? [])];
  if (dimensions.length > 3) throw badInput('groupBy', `at most 3 dimensions, got ${dimensions.length}`);
  if (dimensions.includes('CATEGORY') && dimensions.includes('CATEGORY_GROUP')) {
    throw badInput('groupBy', 'group by CATEGORY or CATEGORY_GROUP, not both');
  }
  const { filter } = args;
  const orgUnitIds = filter.orgUnitIds?.map((id, i) => Number(fromGlobalId('OrgUnit', id, `filter.orgUnitIds[${i}]`)));
  const { orgUnits } = await ctx.reference.get();
  const depths = (orgUnitIds ?? []).map((id) => orgUnits.get(id)?.depth ?? 4);
  return {
    measures,
    groupBy: dimensions,
    orgUnitLevel: args.orgUnitLevel ?? 'CITY',
    grain: args.grain ?? null,
    assessed: args.assessed ?? true,
    viewer: ctx.viewer,
    timeZone: ctx.timeZone,
    filter: {
      ...range,
      orgUnitIds,
      orgUnitFilterDepth: depths.length ? Math.max(...depths) : undefined,
      categoryIds: filter.categoryIds?.map((id, i) => Number(fromGlobalId('Category', id, `filter.categoryIds[${i}]`))),
      channelCodes: filter.channels ?? undefined,
      segments: filter.segments ?? undefined,
      flags: (filter.flags as KpiQuery['filter']['flags']) ?? undefined,
    },
  };
}

function cellOf(cell: KpiCellInput | null): KpiCell {
  return {
    periodStart: cell?.periodStart ?? null,
    orgUnitId: cell?.orgUnitId ? Number(fromGlobalId('OrgUnit', cell.orgUnitId, 'cell.orgUnitId')) : null,
    categoryId: cell?.categoryId ? Number(fromGlobalId('Category', cell.categoryId, 'cell.categoryId')) : null,
    channelCode: cell?.channel ?? null,
    segment: cell?.segment ?? null,
    flag: cell?.flag ?? null,
  };
}

/** One page of contributors in id order, and their total count. */
async function contributorPage(ctx: GraphQLContext, selection: ContributorSelection, request: PageRequest) {
  const survey = selection.fact === 'survey';
  const alias = survey ? 's' : 'c';
  const key = { column: raw(`${alias}.${survey ? 'survey_id' : 'complaint_id'}`), type: 'bigint' as const, id: raw(`${alias}.${survey ? 'survey_id' : 'complaint_id'}`), descending: false };
  const pageSql = keysetPage(raw(`${alias}.*`), selection.from, selection.conditions, key, request);
  const [rows, counts] = await Promise.all([
    survey
      ? selectEntities(ctx.db, SurveyEntity, pageSql, SurveyType.prototype)
      : selectEntities(ctx.db, ComplaintEntity, pageSql, ComplaintType.prototype),
    selectRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM ${selection.from} ${where(selection.conditions)}`),
  ]);
  const connection = toConnection<{ id: string; sortKey?: string }>(rows, request, (row) => ({ value: row.sortKey!, id: row.id }), async () => counts[0]!.n);
  return {
    fact: survey ? 'SURVEY' : 'COMPLAINT',
    totalCount: counts[0]!.n,
    complaints: survey ? [] : connection.nodes,
    surveys: survey ? connection.nodes : [],
    pageInfo: connection.pageInfo,
  };
}

@Resolver(() => KpiRowType)
export class KpiResolver {
  @Query(() => [KpiRowType], {
    description: 'KPIs of shared/METRICS.md over your org units: any KPIs × up to three dimensions × a time grain, computed in one SQL statement. Assessed figures (the default) leave out complaints covered by approved exemption filings and the surveys that follow them; exemptComplaints is reported in both views.',
  })
  async kpis(
    @Args(() => KpiQueryArgs) args: KpiQueryArgs,
    @Arg('compareTo', () => Comparison, { nullable: true, description: 'Adds, per row, the KPIs of the comparison period and their change (same statement).' }) compareTo: ComparisonValue | null,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const measures = selectedMeasures(info);
    if (measures.length === 0) return [];
    const query = await kpiQueryOf(args, measures, ctx);
    const { filter, grain } = query;
    const range = { from: filter.from, to: filter.to };
    if (compareTo) {
      query.comparison = comparisonRange(range, compareTo, grain);
      if (query.comparison.to >= range.from) {
        throw badInput('compareTo', 'the range is longer than a year, so it overlaps the same period last year; use PREVIOUS_PERIOD or a shorter range');
      }
    }
    const { rows: result, sources, asOf } = await runKpiQuery(ctx.db, query);
    // Reported in the response's extensions: which source answered each KPI, and as of when.
    ctx.kpiReports.push({ path: info.path.key.toString(), sources, asOf });
    const rows = compareTo ? pairWithComparison(result, range, compareTo, grain, measures) : result;
    const statusOf = wantsTargets(info) ? await targetStatuses(ctx, measures, range, grain, args.filter) : () => [];
    return rows.map((row) => ({
      ...row.values,
      comparison: 'comparison' in row ? row.comparison : null,
      change: 'change' in row ? row.change : null,
      targets: statusOf(row),
      key: Object.assign(new KpiKeyType(), {
        period: row.periodStart && grain ? kpiPeriod(row.periodStart, grain, range) : null,
        segment: row.segment,
        flag: row.flag,
        orgUnitId: row.orgUnitId,
        categoryId: row.categoryId,
        channelId: row.channelId,
      }),
    }));
  }

  @Query(() => KpiContributorPage, {
    description: 'Drill-through: the complaints (or surveys) behind one cell of a `kpis` result — pass the same arguments, the KPI, which part, and the cell’s key. Their count equals that part of the KPI.',
  })
  async kpiContributors(
    @Args(() => KpiQueryArgs) args: KpiQueryArgs,
    @Arg('kpi', () => String, { description: 'A KPI field name of KpiRow, e.g. repeatComplaints or satisfactionRate.' }) kpi: string,
    @Arg('part', () => KpiPart, { nullable: true, description: 'For a ratio, its numerator (default) or denominator.' }) part: KpiPartName | null,
    @Arg('cell', () => KpiCellInput, { nullable: true, description: 'The row’s key; omit the fields the query does not group by.' }) cell: KpiCellInput | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: GraphQLContext,
  ) {
    if (!KPIS_BY_CODE.has(kpi)) throw badInput('kpi', `"${kpi}" is not a KPI; use a field name of KpiRow such as repeatComplaints`);
    const query = await kpiQueryOf(args, [kpi], ctx);
    const request = pageRequest(page);
    if (request.backward) throw badInput('last', 'drill-through pages forward only: use `first` and `after`');
    let selection;
    try {
      selection = contributorSelection(query, kpi, part ?? 'NUMERATOR', cellOf(cell));
    } catch (error) {
      if (error instanceof NotDrillableError) throw badInput('part', error.message);
      throw error;
    }
    return contributorPage(ctx, selection, request);
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
