import { visibleTo } from '../../auth/viewer.ts';
import type { KpiResultRow, TimeGrain } from '../../metrics/kpi-query.ts';
import type { DayRange } from '../../metrics/periods.ts';
import { governingTarget, ragStatus, targetsFor } from '../../metrics/targets.ts';
import type { GraphQLContext } from '../context.ts';
import { KpiTargetStatusType } from './kpi.types.ts';

/**
 * Targets of the selected KPIs (one statement), as a function from a result
 * row to its statuses. A row's org unit is its group's; ungrouped rows take
 * the one org unit filtered on, else the top of the viewer's tree.
 */
export async function targetStatuses(ctx: GraphQLContext, measures: string[], range: DayRange, grain: TimeGrain | null, filteredUnitIds: number[] | undefined) {
  const { orgUnits } = await ctx.reference.get();
  const targets = await targetsFor(ctx.db, measures, range, (id) => orgUnits.get(id)?.path);
  const roots = [...orgUnits.values()].filter((u) => u.parentId === null && visibleTo(ctx.viewer, u.path));
  const filteredUnit = filteredUnitIds?.length === 1 ? orgUnits.get(filteredUnitIds[0]!) : undefined;
  const defaultPath = filteredUnit?.path ?? (roots.length === 1 ? roots[0]!.path : undefined);
  return (row: KpiResultRow): KpiTargetStatusType[] => {
    const path = row.orgUnitId !== null ? orgUnits.get(row.orgUnitId)?.path : defaultPath;
    if (!path) return [];
    const day = row.periodStart && row.periodStart > range.from ? row.periodStart : range.from;
    return measures.flatMap((code) => {
      const target = governingTarget(targets, code, path, day, grain);
      if (!target) return [];
      return [Object.assign(new KpiTargetStatusType(), {
        kpi: code, target: target.target, direction: target.direction, amberBand: target.amberBand,
        status: ragStatus(row.values[code] ?? null, target), orgUnitId: target.orgUnitId,
      })];
    });
  };
}
