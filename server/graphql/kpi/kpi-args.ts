import type { KpiCell } from '../../metrics/kpi-contributors.ts';
import type { KpiQuery } from '../../metrics/kpi-query.ts';
import { badInput } from '../common/api-error.ts';
import { checkDateRange } from '../common/date-range.ts';
import type { GraphQLContext } from '../context.ts';
import { fromGlobalId } from '../relay/global-id.ts';
import type { KpiCellInput, KpiQueryArgs } from './kpi.types.ts';

/** A KpiQuery from the GraphQL arguments, each checked and named when wrong. */
export async function kpiQueryOf(args: KpiQueryArgs, measures: string[], ctx: GraphQLContext): Promise<KpiQuery> {
  const range = checkDateRange(args.filter.dateRange, 'filter.dateRange')!;
  const dimensions = [...new Set(args.groupBy ?? [])];
  if (dimensions.length > 3) throw badInput('groupBy', `at most 3 dimensions, got ${dimensions.length}`);
  if (dimensions.includes('CATEGORY') && dimensions.includes('CATEGORY_GROUP')) {
    throw badInput('groupBy', 'group by CATEGORY or CATEGORY_GROUP, not both');
  }
  const { filter } = args;
  const orgUnitIds = filter.orgUnitIds?.map((id, i) => Number(fromGlobalId('OrgUnit', id, `filter.orgUnitIds[${i}]`)));
  // The deepest filtered unit decides which rollup shapes can answer.
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

/** The drill-through cell from its GraphQL input (global ids decoded). */
export function cellOf(cell: KpiCellInput | null): KpiCell {
  return {
    periodStart: cell?.periodStart ?? null,
    orgUnitId: cell?.orgUnitId ? Number(fromGlobalId('OrgUnit', cell.orgUnitId, 'cell.orgUnitId')) : null,
    categoryId: cell?.categoryId ? Number(fromGlobalId('Category', cell.categoryId, 'cell.categoryId')) : null,
    channelCode: cell?.channel ?? null,
    segment: cell?.segment ?? null,
    flag: cell?.flag ?? null,
  };
}
