import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import { LRUCache } from 'lru-cache';
import { KPIS_BY_CODE } from '../../metrics/catalogue.ts';

export type KpiRowSelection = {
  /** The KPI fields selected on KpiRow and under comparison/change: only these are computed. */
  measures: string[];
  /** Whether `targets` is selected (one more statement). */
  targets: boolean;
};

/**
 * Selections by the field's nodes in the parsed document (the compiled
 * operation keeps them from one request to the next), then by the request's
 * variables (an @include or @skip may read them). Walking the selection
 * costs ~0.13 ms per `kpis` field; the dashboard sends the same few
 * documents all day.
 */
const selections = new WeakMap<readonly FieldNode[], LRUCache<string, KpiRowSelection>>();

/** What a `kpis` query selects on its rows, aliases and fragments included. */
export function kpiRowSelection(info: GraphQLResolveInfo): KpiRowSelection {
  let byVariables = selections.get(info.fieldNodes);
  if (!byVariables) selections.set(info.fieldNodes, (byVariables = new LRUCache({ max: 16 })));
  const variables = JSON.stringify(info.variableValues ?? {});
  let selection = byVariables.get(variables);
  if (!selection) byVariables.set(variables, (selection = selectionOf(info)));
  return selection;
}

function selectionOf(info: GraphQLResolveInfo): KpiRowSelection {
  const tree = parseResolveInfo(info) as ResolveTree | undefined;
  const fields = Object.values(tree?.fieldsByTypeName.KpiRow ?? {});
  const nested = fields
    .filter((f) => f.name === 'comparison' || f.name === 'change')
    .flatMap((f) => Object.values(f.fieldsByTypeName.KpiValues ?? {}));
  // Frozen: the one selection serves every later request of the document.
  return Object.freeze({
    measures: Object.freeze([...new Set([...fields, ...nested].map((f) => f.name).filter((name) => KPIS_BY_CODE.has(name)))]) as string[],
    targets: fields.some((f) => f.name === 'targets'),
  });
}
