import { assertAllowed } from '../auth/permissions.ts';
import type { Viewer } from '../auth/viewer.ts';
import { createContext } from '../graphql/context.ts';
import { badInput } from '../graphql/common/api-error.ts';
import { kpiQueryOf } from '../graphql/kpi/kpi-args.ts';
import type { KpiQueryArgs } from '../graphql/kpi/kpi.types.ts';
import { ReferenceData } from '../graphql/reference-data.ts';
import { KPIS_BY_CODE, kpiDefinition, runComparedKpiQuery, type Comparison, type KpiQuery, type KpiResultRow } from '../metrics/index.ts';
import type { ComparedRow } from '../metrics/kpi-comparison.ts';
import { kpiPeriod } from '../metrics/periods.ts';
import { selectRows, sql } from '../db/sql.ts';
import { extractFormat } from './adhoc-complaints.export.ts';
import { writeFileAtomically } from './export-files.ts';
import type { ExportDeps, JobOutput } from './export-jobs.ts';
import type { ExportFormat, ExportRecord } from './export-record.ts';
import { column, type Cell, type Column, type ColumnFormat } from './report-model.ts';
import { writeTableStream } from './table-stream.writer.ts';

// An analyst's extract of any `kpis` result: the same arguments, the same
// engine call (so the file equals what the API returns), one row per result
// row with its keys named, each KPI, and with compareTo its comparison and
// change.

export type KpisExtractParams = {
  /** The kpis field's arguments, as GraphQL received them (global ids included). */
  args: KpiQueryArgs;
  measures: string[];
  compareTo: Comparison | null;
  /** CSV or XLSX (PDF is refused, naming the field). */
  format: ExportFormat;
};

const UNIT_FORMAT: Record<string, ColumnFormat> = { count: 'integer', ratio: 'ratio', hours: 'decimal', score: 'decimal', currency: 'currency', per10k: 'decimal' };

function checkMeasures(measures: string[]): void {
  if (measures.length === 0) throw badInput('measures', 'name at least one KPI, e.g. complaints');
  const unknown = measures.find((m) => !KPIS_BY_CODE.has(m));
  if (unknown) throw badInput('measures', `"${unknown}" is not a KPI; use a field name of KpiRow such as satisfactionRate`);
}

/** The KPI query the extract runs, built and checked exactly as the `kpis` field builds it. */
async function queryOf(deps: ExportDeps, viewer: Viewer, params: KpisExtractParams): Promise<KpiQuery> {
  checkMeasures(params.measures);
  const ctx = createContext(deps.db, new ReferenceData(deps.db), viewer, deps.config.timeZone);
  return kpiQueryOf(params.args, [...new Set(params.measures)], ctx);
}

/** Checks a KPI extract request (capability, arguments, measures) before it is recorded. */
export async function checkKpisExtract(deps: ExportDeps, viewer: Viewer, params: KpisExtractParams): Promise<void> {
  assertAllowed(viewer, 'export.adhoc');
  extractFormat(params.format);
  await queryOf(deps, viewer, params);
}

type Names = Map<number, { code: string; name_zh: string; name_en: string }>;

async function names(deps: ExportDeps, table: 'org' | 'category' | 'channel'): Promise<Names> {
  const rows = await selectRows<{ id: number; code: string; name_zh: string; name_en: string }>(deps.db, {
    org: sql`SELECT org_unit_id AS id, code, name_zh, name_en FROM dim_org_unit`,
    category: sql`SELECT category_id AS id, code, name_zh, name_en FROM dim_category`,
    channel: sql`SELECT channel_id AS id, code, name_zh, name_en FROM dim_channel`,
  }[table]);
  return new Map(rows.map((r) => [Number(r.id), r]));
}

export async function generateKpisExtract(deps: ExportDeps, job: ExportRecord): Promise<JobOutput> {
  const params = job.parameters as unknown as KpisExtractParams;
  const query = await queryOf(deps, job.requester, params);
  const result = await runComparedKpiQuery(deps.db, query, params.compareTo);
  const range = { from: query.filter.from, to: query.filter.to };
  const dims = new Set(query.groupBy);
  const [units, categories, channels] = await Promise.all([names(deps, 'org'), names(deps, 'category'), names(deps, 'channel')]);

  const columns: Column[] = [];
  const keyCells: ((row: KpiResultRow) => Cell[])[] = [];
  if (query.grain) {
    const grain = query.grain;
    columns.push(column('period', '期间', 'Period', 'text', 12), column('periodStart', '开始日期', 'Start', 'text', 12), column('periodEnd', '结束日期', 'End', 'text', 12));
    keyCells.push((row) => {
      const p = kpiPeriod(row.periodStart!, grain, range);
      return [p.label, p.start, p.end];
    });
  }
  const named = (key: string, zh: string, en: string, lookup: Names, id: (row: KpiResultRow) => number | null) => {
    columns.push(column(`${key}Code`, `${zh}代码`, `${en} code`, 'text', 14), column(`${key}Name`, zh, en, 'text', 20));
    keyCells.push((row) => {
      const entry = id(row) === null ? undefined : lookup.get(id(row)!);
      return entry ? [entry.code, entry.name_zh] : ['NONE', '无'];
    });
  };
  if (dims.has('ORG_UNIT')) named('orgUnit', '单位', 'Org unit', units, (r) => r.orgUnitId);
  if (dims.has('CATEGORY') || dims.has('CATEGORY_GROUP')) named('category', '分类', 'Category', categories, (r) => r.categoryId);
  if (dims.has('CHANNEL')) named('channel', '渠道', 'Channel', channels, (r) => r.channelId);
  if (dims.has('SEGMENT')) {
    columns.push(column('segment', '客户类别', 'Segment', 'text', 14));
    keyCells.push((row) => [row.segment]);
  }
  if (dims.has('SPECIAL_FLAG')) {
    columns.push(column('flag', '特殊客户标记', 'Special flag', 'text', 20));
    keyCells.push((row) => [row.flag]);
  }
  for (const code of query.measures) {
    const kpi = kpiDefinition(code);
    const format = UNIT_FORMAT[kpi.unit] ?? 'decimal';
    columns.push(column(code, kpi.nameZh, kpi.nameEn, format, 16));
    if (params.compareTo) {
      columns.push(column(`${code}Comparison`, `${kpi.nameZh}（对比期）`, `${kpi.nameEn} (comparison)`, format, 16), column(`${code}Change`, `${kpi.nameZh}（变化）`, `${kpi.nameEn} (change)`, format, 16));
    }
  }
  const cells = (async function* () {
    for (const row of result.rows) {
      const values = query.measures.flatMap((code) => {
        const value = row.values[code] ?? null;
        return params.compareTo ? [value, (row as ComparedRow).comparison[code] ?? null, (row as ComparedRow).change[code] ?? null] : [value];
      });
      yield [...keyCells.flatMap((cell) => cell(row)), ...values];
    }
  })();
  const fileName = `kpis-${job.id}.${params.format === 'CSV' ? 'csv' : 'xlsx'}`;
  const file = await writeFileAtomically(deps.config, job.id, fileName, async (path) => {
    await writeTableStream({ title: 'KPI 指标', columns, rows: cells }, extractFormat(params.format), path);
  });
  return { files: [file], rowCounts: { rows: result.rows.length }, dataAsOf: result.asOf ? new Date(result.asOf) : new Date(), figures: null };
}
