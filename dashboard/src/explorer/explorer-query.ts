// The Explorer's query, built from its URL state: KPIs × up to three
// dimensions × a time grain, over the global filters. Pure functions, so the
// query shown by "Copy GraphQL" is exactly the one sent, and the CSV is
// exactly the table.
import { isKpiCode, type KpiCode } from '../kpi/kpi-catalogue.ts';
import type { KpiFilterValue } from '../state/url-state.ts';

export const DIMENSIONS = ['CATEGORY_GROUP', 'CATEGORY', 'CHANNEL', 'SEGMENT', 'ORG_UNIT', 'SPECIAL_FLAG'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const GRAINS = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type Grain = (typeof GRAINS)[number];
export const ORG_LEVELS = ['PROVINCE', 'CITY', 'COUNTY', 'STATION'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];
export const MAX_DIMENSIONS = 3;

export type ExplorerSpec = { kpis: KpiCode[]; groupBy: Dimension[]; grain: Grain | null; orgUnitLevel: OrgLevel };

export const DEFAULT_SPEC: ExplorerSpec = { kpis: ['complaints', 'satisfactionRate'], groupBy: ['CATEGORY_GROUP'], grain: null, orgUnitLevel: 'CITY' };

function oneOf<T extends string>(values: readonly T[], value: string | null): value is T {
  return value !== null && (values as readonly string[]).includes(value);
}

export function parseSpec(params: URLSearchParams): ExplorerSpec {
  const kpis = params.has('kpis') ? [...new Set((params.get('kpis') ?? '').split(',').filter(isKpiCode))] : DEFAULT_SPEC.kpis;
  const groupBy = params.has('by')
    ? [...new Set((params.get('by') ?? '').split(',').filter((d): d is Dimension => oneOf(DIMENSIONS, d)))].slice(0, MAX_DIMENSIONS)
    : DEFAULT_SPEC.groupBy;
  const grainParam = params.get('grain');
  const levelParam = params.get('level');
  return {
    kpis,
    // CATEGORY_GROUP and CATEGORY are two levels of one dimension: keep the first asked for.
    groupBy: groupBy.filter((d, i) => !(d === 'CATEGORY' && groupBy.slice(0, i).includes('CATEGORY_GROUP')) && !(d === 'CATEGORY_GROUP' && groupBy.slice(0, i).includes('CATEGORY'))),
    grain: oneOf(GRAINS, grainParam) ? grainParam : params.has('grain') ? null : DEFAULT_SPEC.grain,
    orgUnitLevel: oneOf(ORG_LEVELS, levelParam) ? levelParam : DEFAULT_SPEC.orgUnitLevel,
  };
}

export function writeSpec(spec: ExplorerSpec, params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  next.set('kpis', spec.kpis.join(','));
  next.set('by', spec.groupBy.join(','));
  next.set('grain', spec.grain ?? '');
  if (spec.groupBy.includes('ORG_UNIT')) next.set('level', spec.orgUnitLevel);
  else next.delete('level');
  return next;
}

const KEY_FIELDS: Record<Dimension, string> = {
  CATEGORY_GROUP: 'category { id code nameZh nameEn }',
  CATEGORY: 'category { id code nameZh nameEn }',
  CHANNEL: 'channel { code nameZh nameEn }',
  SEGMENT: 'segment',
  ORG_UNIT: 'orgUnit { id code nameZh nameEn }',
  SPECIAL_FLAG: 'flag',
};

/** The GraphQL text of a spec (KPI names are checked against the catalogue, never pasted raw). */
export function explorerQuery(spec: ExplorerSpec): string {
  const keys = [spec.grain ? 'period { label start end }' : null, ...spec.groupBy.map((d) => KEY_FIELDS[d])].filter(Boolean);
  const keySelection = keys.length ? `key { ${[...new Set(keys)].join(' ')} }\n    ` : '';
  return `query Explorer($filter: KpiFilter!, $assessed: Boolean, $groupBy: [KpiDimension!], $grain: TimeGrain, $orgUnitLevel: OrgUnitLevel) {
  kpis(filter: $filter, assessed: $assessed, groupBy: $groupBy, grain: $grain, orgUnitLevel: $orgUnitLevel) {
    ${keySelection}${spec.kpis.filter(isKpiCode).join(' ')}
  }
}`;
}

export type ExplorerVariables = { filter: KpiFilterValue; assessed: boolean; groupBy: Dimension[]; grain: Grain | null; orgUnitLevel: OrgLevel };

export function explorerVariables(spec: ExplorerSpec, filter: KpiFilterValue, assessed: boolean): ExplorerVariables {
  return { filter, assessed, groupBy: spec.groupBy, grain: spec.grain, orgUnitLevel: spec.orgUnitLevel };
}

type Named = { nameZh: string; nameEn: string };
export type ExplorerKey = {
  period?: { label: string; start: string; end: string } | null;
  category?: (Named & { id: string; code: string }) | null;
  channel?: (Named & { code: string }) | null;
  segment?: string | null;
  orgUnit?: (Named & { id: string; code: string }) | null;
  flag?: string | null;
};
export type ExplorerRow = { key?: ExplorerKey } & Partial<Record<KpiCode, number | null>>;

/** The drill-through cell of a row (the API's KpiCellInput). */
export function cellOf(row: ExplorerRow, spec: ExplorerSpec) {
  const cell: { periodStart?: string; categoryId?: string; channel?: string; segment?: string; orgUnitId?: string; flag?: string } = {};
  if (spec.grain && row.key?.period) cell.periodStart = row.key.period.start;
  for (const d of spec.groupBy) {
    if ((d === 'CATEGORY' || d === 'CATEGORY_GROUP') && row.key?.category) cell.categoryId = row.key.category.id;
    if (d === 'CHANNEL' && row.key?.channel) cell.channel = row.key.channel.code;
    if (d === 'SEGMENT' && row.key?.segment) cell.segment = row.key.segment;
    if (d === 'ORG_UNIT' && row.key?.orgUnit) cell.orgUnitId = row.key.orgUnit.id;
    if (d === 'SPECIAL_FLAG' && row.key?.flag) cell.flag = row.key.flag;
  }
  return cell;
}

export type Table = { header: string[]; rows: (string | number | null)[][] };

/**
 * The result as a table: one column per period/dimension (names in the
 * chosen language), then one per KPI with the API's raw values (ratios stay
 * fractions, so a spreadsheet computes with them).
 */
export function toTable(rows: ExplorerRow[], spec: ExplorerSpec, labels: { period: string; dimension(d: Dimension): string; kpi(code: KpiCode): string; keyLabel(d: Dimension, key: ExplorerKey): string }): Table {
  const header = [...(spec.grain ? [labels.period] : []), ...spec.groupBy.map((d) => labels.dimension(d)), ...spec.kpis.map((k) => labels.kpi(k))];
  const body = rows.map((row) => [
    ...(spec.grain ? [row.key?.period?.label ?? null] : []),
    ...spec.groupBy.map((d) => labels.keyLabel(d, row.key ?? {})),
    ...spec.kpis.map((k) => row[k] ?? null),
  ]);
  return { header, rows: body };
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // Quote what CSV needs quoted; prefix formula-like text so spreadsheets do not run it.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with a BOM, so Excel opens the Chinese names as UTF-8. */
export function toCsv(table: Table): string {
  return '\uFEFF' + [table.header, ...table.rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
