import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { ComplaintEntity } from '../../entities/complaint.entity.ts';
import { SurveyEntity } from '../../entities/survey.entity.ts';
import { KPIS_BY_CODE } from '../../metrics/catalogue.ts';
import type { Comparison as ComparisonValue } from '../../metrics/kpi-comparison.ts';
import { runComparedKpiQuery } from '../../metrics/kpi-compared-query.ts';
import { contributorSelection, NotDrillableError, type ContributorSelection, type KpiPartName } from '../../metrics/kpi-contributors.ts';
import { kpiPeriod } from '../../metrics/periods.ts';
import { CategoryType } from '../category/category.type.ts';
import { ChannelType } from '../channel/channel.type.ts';
import { badInput } from '../common/api-error.ts';
import { ComplaintType } from '../complaint/complaint.type.ts';
import type { GraphQLContext } from '../context.ts';
import { OrgUnitType } from '../org-unit/org-unit.type.ts';
import { PageArgs, pageRequest, type PageRequest } from '../relay/connection.ts';
import { SurveyType } from '../survey/survey.type.ts';
import { countedContributorPage } from './contributor-page.ts';
import { cellOf, kpiQueryOf } from './kpi-args.ts';
import { kpiRowSelection } from './kpi-selection.ts';
import { targetStatuses } from './kpi-targets.ts';
import { Comparison, KpiCellInput, KpiContributorPage, KpiKeyType, KpiPart, KpiQueryArgs, KpiRowType, KpiTargetStatusType } from './kpi.types.ts';

/** One page of a cell's contributors in id order, counted in the same statement (the count is the point of drill-through). */
async function contributorPage(ctx: GraphQLContext, selection: ContributorSelection, request: PageRequest) {
  const survey = selection.fact === 'survey';
  const connection = survey
    ? await countedContributorPage(ctx.db, SurveyEntity, SurveyType.prototype, selection, request)
    : await countedContributorPage(ctx.db, ComplaintEntity, ComplaintType.prototype, selection, request);
  return {
    fact: survey ? 'SURVEY' : 'COMPLAINT',
    get totalCount() {
      return connection.totalCount;
    },
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
    const { measures, targets } = kpiRowSelection(info);
    if (measures.length === 0) return [];
    const query = await kpiQueryOf(args, measures, ctx);
    const { filter, grain } = query;
    const range = { from: filter.from, to: filter.to };
    const { rows, sources, asOf } = await runComparedKpiQuery(ctx.db, query, compareTo);
    // Reported in the response's extensions: which source answered each KPI, and as of when.
    ctx.kpiReports.push({ path: info.path.key.toString(), sources, asOf });
    const statusOf = targets ? await targetStatuses(ctx, measures, range, grain, filter.orgUnitIds) : () => [];
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
