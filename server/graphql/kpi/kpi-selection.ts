import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import { KPIS_BY_CODE } from '../../metrics/catalogue.ts';

export type KpiRowSelection = {
  /** The KPI fields selected on KpiRow and under comparison/change: only these are computed. */
  measures: string[];
  /** Whether `targets` is selected (one more statement). */
  targets: boolean;
};

/** What a `kpis` query selects on its rows, aliases and fragments included. */
export function kpiRowSelection(info: GraphQLResolveInfo): KpiRowSelection {
  const tree = parseResolveInfo(info) as ResolveTree | undefined;
  const fields = Object.values(tree?.fieldsByTypeName.KpiRow ?? {});
  const nested = fields
    .filter((f) => f.name === 'comparison' || f.name === 'change')
    .flatMap((f) => Object.values(f.fieldsByTypeName.KpiValues ?? {}));
  return {
    measures: [...new Set([...fields, ...nested].map((f) => f.name).filter((name) => KPIS_BY_CODE.has(name)))],
    targets: fields.some((f) => f.name === 'targets'),
  };
}
