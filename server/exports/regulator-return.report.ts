import type { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer.ts';
import { join, selectRows, sql } from '../db/sql.ts';
import type { OrgUnitLevel } from '../entities/org-unit.entity.ts';
import { badInput } from '../graphql/common/api-error.ts';
import { inViewerScope } from '../graphql/common/scope.ts';
import { KPI_CATALOGUE, kpiDefinition, runComparedKpiQuery, runKpiQuery, type KpiQuery, type KpiResultRow } from '../metrics/index.ts';
import { contributorSelection } from '../metrics/kpi-contributors.ts';
import type { ComparedRow } from '../metrics/kpi-comparison.ts';
import { addMonths, bucketLabel, lastDayOfMonth } from '../metrics/periods.ts';
import { KPI_FORMULAS_ZH } from './kpi-formulas-zh.ts';
import { customerPseudonym } from './pseudonym.ts';
import { column, type Cell, type Column, type ColumnFormat, type Report, type Section } from './report-model.ts';

// The regulator return (监管报表), monthly or quarterly, for an org unit and
// everything under it. Every figure comes from the KPI engine through the
// same call the `kpis` GraphQL field makes, so the return equals the
// dashboard; complaint ids come from the engine's drill-through selection,
// so the detail sheet lists exactly the complaints behind the figures.

export const RETURN_PERIODS = ['MONTHLY', 'QUARTERLY'] as const;
export type ReturnPeriod = (typeof RETURN_PERIODS)[number];

export type RegulatorReturnParams = {
  period: ReturnPeriod;
  orgUnitId: number;
  /** 2024-07 (monthly) or 2024-Q3 (quarterly). */
  label: string;
};

export type ReturnContext = { db: DataSource; viewer: Viewer; timeZone: string; pseudonymKey: string };

/** KPIs of the breakdown sections: the ones regulators rank units and categories by. */
export const BREAKDOWN_KPIS = [
  'complaints', 'exemptComplaints', 'complaintsPer10kCustomers', 'repeatComplaintRate', 'resolvedComplaints',
  'slaComplianceRate', 'medianResolutionHours', 'satisfactionRate', 'backlog',
] as const;

/** KPIs of the monthly trend (and the PDF's charts). */
export const TREND_KPIS = ['complaints', 'exemptComplaints', 'repeatComplaintRate', 'slaComplianceRate', 'satisfactionRate'] as const;

/** Filing kinds and coverages as a regulator reads them (the code stays beside, for matching). */
const FILING_KIND_ZH: Record<string, string> = {
  SEVERE_WEATHER: '恶劣天气', GOVERNMENT_ORDERED_OUTAGE: '政府指令停电', SYSTEM_UPGRADE: '系统升级',
  CLAIM_BEYOND_REGULATION: '超出政策规定诉求', MALICIOUS_COMPLAINANT: '恶意投诉',
};
const COVERAGE_ZH: Record<string, string> = { AREA: '区域及时段', NAMED_WORK_ORDERS: '指定工单' };

const LEVELS: OrgUnitLevel[] = ['PROVINCE', 'CITY', 'COUNTY', 'STATION'];
const ALL_KPIS = KPI_CATALOGUE.map((k) => k.code);

const UNIT_FORMAT: Record<string, ColumnFormat> = { count: 'integer', ratio: 'ratio', hours: 'decimal', score: 'decimal', currency: 'currency', per10k: 'decimal' };
const formatOf = (code: string) => UNIT_FORMAT[kpiDefinition(code).unit] ?? 'decimal';

/** The return's days (inclusive), checked: a month 2024-07 or a quarter 2024-Q3. */
export function returnRange(params: Pick<RegulatorReturnParams, 'period' | 'label'>): { from: string; to: string } {
  if (params.period === 'MONTHLY') {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(params.label);
    if (!m) throw badInput('month', `"${params.label}" is not a month: use YYYY-MM, e.g. 2024-07`);
    const from = `${params.label}-01`;
    return { from, to: lastDayOfMonth(from) };
  }
  const q = /^(\d{4})-Q([1-4])$/.exec(params.label);
  if (!q) throw badInput('quarter', `"${params.label}" is not a quarter: use YYYY-Qn, e.g. 2024-Q3`);
  const from = `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  return { from, to: lastDayOfMonth(addMonths(from, 2)) };
}

type OrgUnitRow = { org_unit_id: number; code: string; name_zh: string; name_en: string; depth: number; path: string };
type CategoryRow = { category_id: number; code: string; name_zh: string; name_en: string };
type ChannelRow = { channel_id: number; code: string; name_zh: string; name_en: string };

async function dimensions(db: DataSource) {
  const [units, categories, channels] = await Promise.all([
    selectRows<OrgUnitRow>(db, sql`SELECT org_unit_id, code, name_zh, name_en, depth, path FROM dim_org_unit`),
    selectRows<CategoryRow>(db, sql`SELECT category_id, code, name_zh, name_en FROM dim_category`),
    selectRows<ChannelRow>(db, sql`SELECT channel_id, code, name_zh, name_en FROM dim_channel`),
  ]);
  return {
    units: new Map(units.map((u) => [u.org_unit_id, u])),
    categories: new Map(categories.map((c) => [c.category_id, c])),
    channels: new Map(channels.map((c) => [c.channel_id, c])),
  };
}

/**
 * The data's as-of point for a return: the latest load of any complaint or
 * survey of the org unit's subtree, or the latest decision on one of its
 * exemption filings (never now(): the same data gives the same point).
 */
export async function dataAsOf(db: DataSource, viewer: Viewer, unitPath: string): Promise<Date | null> {
  const pattern = `${unitPath}%`;
  const subtree = (column: ReturnType<typeof sql>) => sql`${column} IN (SELECT org_unit_id FROM dim_org_unit WHERE path LIKE ${pattern})`;
  const [row] = await selectRows<{ as_of: Date | null }>(db, sql`
    SELECT greatest(
      (SELECT max(c.loaded_at) FROM fact_complaint c WHERE ${subtree(sql`c.org_unit_id`)} AND ${inViewerScope(viewer, sql`c.org_unit_id`)}),
      (SELECT max(s.loaded_at) FROM fact_survey s WHERE ${subtree(sql`s.org_unit_id`)} AND ${inViewerScope(viewer, sql`s.org_unit_id`)}),
      (SELECT max(f.decided_at) FROM exemption_filing f WHERE ${subtree(sql`f.org_unit_id`)})) AS as_of`);
  return row?.as_of ? new Date(row.as_of) : null;
}

const kpiColumns = (codes: readonly string[]): Column[] => codes.map((code) => {
  const kpi = kpiDefinition(code);
  return column(code, kpi.nameZh, kpi.nameEn, formatOf(code), 16);
});

const valuesOf = (row: KpiResultRow | undefined, codes: readonly string[]): Cell[] => codes.map((code) => row?.values[code] ?? null);

/** The whole return, computed: sections in the order they appear in every format. */
export async function buildRegulatorReturn(ctx: ReturnContext, params: RegulatorReturnParams): Promise<Report> {
  const { db, viewer, timeZone } = ctx;
  const range = returnRange(params);
  const dims = await dimensions(db);
  const unit = dims.units.get(params.orgUnitId);
  if (!unit) throw badInput('orgUnitId', `org unit ${params.orgUnitId} does not exist`);

  const query = (partial: Partial<KpiQuery>): KpiQuery => ({
    measures: ALL_KPIS, groupBy: [], orgUnitLevel: 'CITY', grain: null, assessed: true, viewer, timeZone,
    filter: { ...range, orgUnitIds: [unit.org_unit_id], orgUnitFilterDepth: unit.depth },
    ...partial,
  });

  // Headline: every KPI, against the previous period and the same period last year.
  const [previous, lastYear] = await Promise.all([
    runComparedKpiQuery(db, query({}), 'PREVIOUS_PERIOD'),
    runComparedKpiQuery(db, query({}), 'SAME_PERIOD_LAST_YEAR'),
  ]);
  const raw = await runKpiQuery(db, query({ assessed: false }));
  const current = previous.rows[0] as ComparedRow | undefined;
  const yearAgo = lastYear.rows[0] as ComparedRow | undefined;
  const headline: Section = {
    id: 'headline', sheet: '主要指标 Headline', titleZh: '主要指标', titleEn: 'Headline KPIs', keyColumns: 1,
    columns: [
      column('kpi', '指标代码', 'KPI code', 'text', 26), column('nameZh', '指标', 'KPI (zh)', 'text', 22), column('nameEn', '指标（英文）', 'KPI (en)', 'text', 34),
      column('current', '本期', 'This period', 'value'), column('previous', '上期', 'Previous period', 'value'), column('changePrevious', '环比变化', 'Change', 'value'),
      column('lastYear', '去年同期', 'Same period last year', 'value'), column('changeLastYear', '同比变化', 'Change on last year', 'value'),
    ],
    rows: ALL_KPIS.map((code) => {
      const kpi = kpiDefinition(code);
      return [code, kpi.nameZh, kpi.nameEn, current?.values[code] ?? null, current?.comparison[code] ?? null, current?.change[code] ?? null,
        yearAgo?.comparison[code] ?? null, yearAgo?.change[code] ?? null];
    }),
    rowFormats: ALL_KPIS.map(formatOf),
  };

  // Breakdowns, assessed as on the dashboard.
  const breakdown = async (id: string, sheet: string, titleZh: string, titleEn: string, partial: Partial<KpiQuery> | null, label: (row: KpiResultRow) => [string, string, string]): Promise<Section> => {
    // null: no such breakdown (a station has no units below it): the sheet is there, empty.
    const result = partial ? await runKpiQuery(db, query({ measures: [...BREAKDOWN_KPIS], ...partial })) : { rows: [] };
    const rows = result.rows.map((row) => [...label(row), ...valuesOf(row, BREAKDOWN_KPIS)]);
    // By code, compared as plain strings: the order must not depend on the machine's locale.
    rows.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
    return {
      id, sheet, titleZh, titleEn, keyColumns: 1,
      columns: [column('code', '代码', 'Code', 'text', 14), column('nameZh', '名称', 'Name (zh)', 'text', 22), column('nameEn', '名称（英文）', 'Name (en)', 'text', 30), ...kpiColumns(BREAKDOWN_KPIS)],
      rows,
    };
  };
  const categoryLabel = (row: KpiResultRow): [string, string, string] => {
    const c = row.categoryId === null ? undefined : dims.categories.get(row.categoryId);
    return c ? [c.code, c.name_zh, c.name_en] : ['NONE', '无分类（非投诉回访）', 'No category (surveys without a complaint)'];
  };
  const unitLabel = (row: KpiResultRow): [string, string, string] => {
    const u = row.orgUnitId === null ? undefined : dims.units.get(row.orgUnitId);
    return u ? [u.code, u.name_zh, u.name_en] : ['NONE', '无', 'None'];
  };
  const channelLabel = (row: KpiResultRow): [string, string, string] => {
    const c = row.channelId === null ? undefined : dims.channels.get(row.channelId);
    return c ? [c.code, c.name_zh, c.name_en] : ['NONE', '无', 'None'];
  };
  const sections: Section[] = [headline];
  sections.push(await breakdown('by-category-l1', '一级分类 Category L1', '按一级分类', 'By level-1 category', { groupBy: ['CATEGORY_GROUP'] }, categoryLabel));
  sections.push(await breakdown('by-category-l2', '二级分类 Category L2', '按二级分类', 'By level-2 category', { groupBy: ['CATEGORY'] }, categoryLabel));
  for (const down of [1, 2]) {
    const level = LEVELS[unit.depth - 1 + down];
    const [titleZh, titleEn] = down === 1 ? ['按下一级单位', 'By org unit, one level down'] : ['按下两级单位', 'By org unit, two levels down'];
    sections.push(await breakdown(`by-org-unit-${down}`, down === 1 ? '下一级单位 Org units L+1' : '下两级单位 Org units L+2', titleZh, titleEn, level ? { groupBy: ['ORG_UNIT'], orgUnitLevel: level } : null, unitLabel));
  }
  sections.push(await breakdown('by-channel', '渠道 Channels', '按渠道', 'By channel', { groupBy: ['CHANNEL'] }, channelLabel));

  // Twelve months to the period's end, month by month.
  const trendFrom = addMonths(range.from, params.period === 'MONTHLY' ? -11 : -9);
  const trend = await runKpiQuery(db, query({ measures: [...TREND_KPIS], grain: 'MONTH', filter: { ...query({}).filter, from: trendFrom, to: range.to } }));
  sections.push({
    id: 'trend', sheet: '趋势 Trend', titleZh: '近12个月趋势', titleEn: 'Twelve-month trend', keyColumns: 1,
    columns: [column('month', '月份', 'Month', 'text', 12), ...kpiColumns(TREND_KPIS)],
    rows: trend.rows.map((row) => [bucketLabel(row.periodStart!, 'MONTH'), ...valuesOf(row, TREND_KPIS)]),
  });

  // Exemption filings behind exemptComplaints, and raw against assessed.
  const exemptRows = contributorSelection(query({ measures: ['exemptComplaints'] }), 'exemptComplaints', 'NUMERATOR', NO_CELL);
  const filings = await selectRows<{ filing_no: string; kind: string; coverage: string; unit_zh: string; window_start: string; window_end: string; decided_at: string | null; covered: string }>(db, sql`
    SELECT f.filing_no, f.kind, f.coverage, u.name_zh AS unit_zh,
           to_char(f.window_start AT TIME ZONE ${timeZone}::text, 'YYYY-MM-DD HH24:MI') AS window_start,
           to_char(f.window_end AT TIME ZONE ${timeZone}::text, 'YYYY-MM-DD HH24:MI') AS window_end,
           to_char(f.decided_at AT TIME ZONE ${timeZone}::text, 'YYYY-MM-DD HH24:MI') AS decided_at,
           count(*) AS covered
    FROM ${exemptRows.from} JOIN exemption_filing f ON f.exemption_filing_id = c.exemption_filing_id JOIN dim_org_unit u ON u.org_unit_id = f.org_unit_id
    WHERE ${join(exemptRows.conditions, ' AND ')}
    GROUP BY f.exemption_filing_id, u.name_zh ORDER BY f.filing_no`);
  sections.push({
    id: 'exemption-filings', sheet: '报备 Exemption filings', titleZh: '重要事项报备', titleEn: 'Exemption filings', keyColumns: 1,
    columns: [
      column('filingNo', '报备编号', 'Filing no.', 'text', 16), column('kind', '类型', 'Kind', 'text', 26), column('kindZh', '类型（中文）', 'Kind (zh)', 'text', 16),
      column('coverage', '覆盖方式', 'Coverage', 'text', 20), column('coverageZh', '覆盖方式（中文）', 'Coverage (zh)', 'text', 14),
      column('orgUnit', '报备单位', 'Org unit', 'text', 16), column('windowStart', '起始时间', 'Window start', 'text', 17), column('windowEnd', '结束时间', 'Window end', 'text', 17),
      column('decidedAt', '批准时间', 'Approved at', 'text', 17), column('covered', '本期覆盖投诉量', 'Complaints covered in the period', 'integer', 18),
    ],
    rows: filings.map((f) => [f.filing_no, f.kind, FILING_KIND_ZH[f.kind] ?? f.kind, f.coverage, COVERAGE_ZH[f.coverage] ?? f.coverage, f.unit_zh, f.window_start, f.window_end, f.decided_at, Number(f.covered)]),
  });
  const rawRow = raw.rows[0];
  sections.push({
    id: 'raw-vs-assessed', sheet: '口径对照 Raw vs assessed', titleZh: '原始与考核口径对照', titleEn: 'Raw and assessed figures', keyColumns: 1,
    columns: [
      column('kpi', '指标代码', 'KPI code', 'text', 26), column('nameZh', '指标', 'KPI (zh)', 'text', 22), column('nameEn', '指标（英文）', 'KPI (en)', 'text', 34),
      column('raw', '原始口径', 'Raw', 'value'), column('assessed', '考核口径', 'Assessed', 'value'), column('difference', '差额（报备影响）', 'Raw − assessed', 'value'),
    ],
    rows: ALL_KPIS.map((code) => {
      const kpi = kpiDefinition(code);
      const r = rawRow?.values[code] ?? null;
      const a = current?.values[code] ?? null;
      return [code, kpi.nameZh, kpi.nameEn, r, a, r === null || a === null ? null : r - a];
    }),
    rowFormats: ALL_KPIS.map(formatOf),
  });

  sections.push(await complaintDetail(ctx, query({ measures: ['complaints'], assessed: false })));
  sections.push(definitionsSection());

  const asOf = (await dataAsOf(db, viewer, unit.path)) ?? new Date(`${range.to}T16:00:00Z`);
  const periodZh = params.period === 'MONTHLY' ? '月度' : '季度';
  const periodEn = params.period === 'MONTHLY' ? 'monthly' : 'quarterly';
  const cover: Section = {
    id: 'cover', sheet: '说明 About', titleZh: '说明', titleEn: 'About', keyColumns: 0,
    columns: [column('item', '项目', 'Item', 'text', 30), column('value', '内容', 'Value', 'text', 60)],
    rows: [
      ['报表 Report', `投诉${periodZh}监管报表 Complaint ${periodEn} regulator return`],
      ['单位 Org unit', `${unit.name_zh} ${unit.name_en} (${unit.code})，含下级单位 and everything under it`],
      ['统计期 Period', `${params.label} (${range.from} – ${range.to})`],
      ['数据截至 Data as of', asOf.toISOString()],
      ['口径 Basis', '考核口径（不含报备豁免投诉），原始口径见对照表 Assessed (exempt complaints left out); raw figures in the reconciliation sheet'],
      ['客户标识 Customers', '客户以密钥哈希假名标识，不含姓名、电话、户号 Customers are pseudonymised by a keyed hash: no names, phones or account numbers'],
      ['比率 Ratios', '比率以百分比显示 Ratios are shown as percentages'],
    ],
  };
  return {
    baseName: `regulator-${periodEn}-${unit.code}-${params.label}`.replace(/[^A-Za-z0-9._-]/g, '_'),
    titleZh: `${unit.name_zh} 投诉${periodZh}监管报表 ${params.label}`,
    titleEn: `${unit.name_en} complaint ${periodEn} return ${params.label}`,
    asOf,
    sections: [cover, ...sections],
  };
}

const NO_CELL = { periodStart: null, orgUnitId: null, categoryId: null, channelCode: null, segment: null, flag: null };

type DetailRow = {
  complaint_id: string; work_order: string; received_at: string; resolved_at: string | null; status: string; category_l1: string; category_l2: string;
  channel: string; org_unit: string; customer_id: string; segment: string; is_repeat: boolean; prior_complaint_id: string | null; escalated: boolean;
  sla_met: boolean | null; filing_no: string | null;
};

/**
 * One row per complaint received in the period (raw: exempt ones too, with
 * their filing), selected by the engine's drill-through conditions for
 * `complaints`, so the row count equals the raw complaints figure. Customers
 * appear only as pseudonyms.
 */
async function complaintDetail(ctx: ReturnContext, query: KpiQuery): Promise<Section> {
  const selection = contributorSelection(query, 'complaints', 'NUMERATOR', NO_CELL);
  const local = (column: ReturnType<typeof sql>) => sql`to_char(${column} AT TIME ZONE ${ctx.timeZone}::text, 'YYYY-MM-DD HH24:MI')`;
  const rows = await selectRows<DetailRow>(ctx.db, sql`
    SELECT c.complaint_id, c.source_system || ':' || c.source_id AS work_order, ${local(sql`c.received_at`)} AS received_at,
           ${local(sql`c.resolved_at`)} AS resolved_at, c.status, coalesce(g.name_zh, cat.name_zh) AS category_l1, cat.name_zh AS category_l2,
           ch.name_zh AS channel, u.name_zh AS org_unit, c.customer_id, c.customer_segment AS segment, c.is_repeat, c.prior_complaint_id,
           c.escalated, c.sla_met, f.filing_no
    FROM ${selection.from}
      JOIN dim_category cat ON cat.category_id = c.category_id LEFT JOIN dim_category g ON g.category_id = cat.parent_id
      JOIN dim_channel ch ON ch.channel_id = c.channel_id JOIN dim_org_unit u ON u.org_unit_id = c.org_unit_id
      LEFT JOIN exemption_filing f ON f.exemption_filing_id = c.exemption_filing_id
    WHERE ${join(selection.conditions, ' AND ')}
    ORDER BY c.complaint_id`);
  const yn = (v: boolean | null) => (v === null ? null : v ? 'Y' : 'N');
  return {
    id: 'complaints', sheet: '投诉明细 Complaints', titleZh: '投诉明细', titleEn: 'Complaint detail', keyColumns: 1, hashRows: true,
    columns: [
      column('complaintId', '投诉编号', 'Complaint id', 'integer', 12), column('workOrder', '工单号', 'Work order', 'text', 20),
      column('receivedAt', '受理时间', 'Received at', 'text', 17), column('resolvedAt', '办结时间', 'Resolved at', 'text', 17), column('status', '状态', 'Status', 'text', 11),
      column('categoryL1', '一级分类', 'Category (level 1)', 'text', 16), column('categoryL2', '二级分类', 'Category (level 2)', 'text', 20), column('channel', '渠道', 'Channel', 'text', 14),
      column('orgUnit', '责任单位', 'Org unit', 'text', 16), column('customer', '客户假名', 'Customer pseudonym', 'text', 22), column('segment', '客户类别', 'Segment', 'text', 14),
      column('repeat', '重复投诉', 'Repeat', 'text', 9), column('priorComplaintId', '前次投诉编号', 'Prior complaint id', 'integer', 12), column('escalated', '升级', 'Escalated', 'text', 9),
      column('slaMet', '及时办结', 'Within SLA', 'text', 9), column('exemptionFiling', '报备编号', 'Exemption filing', 'text', 14),
    ],
    rows: rows.map((r) => [
      Number(r.complaint_id), r.work_order, r.received_at, r.resolved_at, r.status, r.category_l1, r.category_l2, r.channel, r.org_unit,
      customerPseudonym(ctx.pseudonymKey, r.customer_id), r.segment, yn(r.is_repeat), r.prior_complaint_id === null ? null : Number(r.prior_complaint_id),
      yn(r.escalated), yn(r.sla_met), r.filing_no,
    ]),
  };
}

/** Every KPI's formula from METRICS.md, in zh and en. */
export function definitionsSection(): Section {
  return {
    id: 'definitions', sheet: '指标定义 Definitions', titleZh: '指标定义', titleEn: 'Definitions', keyColumns: 0,
    columns: [
      column('kpi', '指标代码', 'KPI code', 'text', 26), column('nameZh', '指标', 'KPI (zh)', 'text', 22), column('nameEn', '指标（英文）', 'KPI (en)', 'text', 34),
      column('formulaZh', '定义', 'Definition (zh)', 'text', 70), column('formulaEn', '定义（英文）', 'Definition (en)', 'text', 90),
    ],
    rows: KPI_CATALOGUE.map((k) => [k.code, k.nameZh, k.nameEn, KPI_FORMULAS_ZH[k.code] ?? '', k.formula]),
  };
}
