import type { DataSource } from 'typeorm';
import { badInput } from '../graphql/common/api-error.ts';
import { comparisonRange, pairWithComparison, type ComparedRow, type Comparison } from './kpi-comparison.ts';
import { runKpiQuery, type KpiResult } from './kpi-query.runner.ts';
import type { KpiQuery, KpiResultRow } from './kpi-query.ts';

export type ComparedKpiResult = Omit<KpiResult, 'rows'> & { rows: (KpiResultRow | ComparedRow)[] };

/**
 * A KPI query with an optional comparison period, computed in one statement:
 * the `kpis` field and the regulator exports both go through here, so a
 * return shows exactly the dashboard's figures.
 */
export async function runComparedKpiQuery(db: DataSource, query: KpiQuery, compareTo: Comparison | null): Promise<ComparedKpiResult> {
  const { filter, grain } = query;
  const range = { from: filter.from, to: filter.to };
  // The caller's query stays as it was: the comparison belongs to this run only.
  const comparison = compareTo ? comparisonRange(range, compareTo, grain) : undefined;
  if (comparison && comparison.to >= range.from) {
    throw badInput('compareTo', 'the range is longer than a year, so it overlaps the same period last year; use PREVIOUS_PERIOD or a shorter range');
  }
  const result = await runKpiQuery(db, comparison ? { ...query, comparison } : query);
  return { ...result, rows: compareTo ? pairWithComparison(result.rows, range, compareTo, grain, query.measures) : result.rows };
}
