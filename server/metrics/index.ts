// The public face of the KPI engine: the rest of the server uses these.
export { KPI_CATALOGUE, KPIS_BY_CODE, kpiDefinition, type KpiDefinition } from './catalogue.ts';
export { compileKpiQuery } from './kpi-query.compiler.ts';
export { runKpiQuery, type KpiResult } from './kpi-query.runner.ts';
export { KPI_DIMENSIONS, MAX_KPI_ROWS, TIME_GRAINS, type KpiDimension, type KpiQuery, type KpiResultRow, type TimeGrain } from './kpi-query.ts';
export { runComparedKpiQuery, type ComparedKpiResult } from './kpi-compared-query.ts';
export { COMPARISONS, type Comparison, type ComparedRow } from './kpi-comparison.ts';
