import { inCategories, inChannels, inOrgUnitSubtrees } from '../db/dimension-conditions.ts';
import { join, raw, sql, type Sql } from '../db/sql.ts';
import { inViewerScope } from '../graphql/common/scope.ts';
import { kpiDefinition, type Anchor, type Part } from './catalogue.ts';
import { flagFilter } from './kpi-query.compiler.ts';
import { ORG_DEPTH, type KpiQuery, type TimeGrain } from './kpi-query.ts';
import { clippedBucket } from './periods.ts';

// Drill-through: the complaint (or survey) ids behind one cell of a KPI
// result. The rows are selected by the same catalogue conditions the KPI
// aggregates with, so their count equals the cell's numerator (or
// denominator) exactly.

export type KpiPartName = 'NUMERATOR' | 'DENOMINATOR';

/** The cell: a period (with the result's grain) and the group keys of its row. */
export type KpiCell = {
  periodStart: string | null;
  orgUnitId: number | null;
  categoryId: number | null;
  channelCode: string | null;
  segment: string | null;
  flag: string | null;
};

export type ContributorSelection = {
  fact: 'complaint' | 'survey';
  from: Sql;
  conditions: Sql[];
  /** The fact table alone, aliased as in `from` (`c` or `s`). */
  table: Sql;
  /** Its id column. */
  id: Sql;
};

export class NotDrillableError extends Error {}

function partOf(code: string, which: KpiPartName): { anchor: Anchor; where: string } {
  const kpi = kpiDefinition(code);
  switch (kpi.kind) {
    case 'additive':
    case 'snapshot':
      if (which === 'DENOMINATOR') throw new NotDrillableError(`${code} is a count: it has no denominator`);
      return kpi.part;
    case 'holistic':
      return { anchor: kpi.anchor, where: kpi.where };
    case 'ratio': {
      const part: Part | 'customerBase' = which === 'NUMERATOR' ? kpi.numerator : kpi.denominator;
      if (part === 'customerBase') throw new NotDrillableError(`the denominator of ${code} is the customer base, not a list of complaints`);
      return part;
    }
  }
}

/** A part's row condition, with {A} (assessed or raw) filled in. */
function rowsCondition(where: string, assessed: Sql): Sql {
  const [before, after] = where.split('{A}');
  return after === undefined ? raw(where) : sql`${raw(before!)}${assessed}${raw(after)}`;
}

function periodBounds(cell: KpiCell, grain: TimeGrain | null, range: { from: string; to: string }): { first: string; last: string } {
  if (!grain || !cell.periodStart) return { first: range.from, last: range.to };
  const { from, to } = clippedBucket(cell.periodStart, grain, range);
  return { first: from, last: to };
}

/** The rows behind one cell of a KPI query's result, as a FROM and WHERE over `c` (complaints) or `s` (surveys). */
export function contributorSelection(query: KpiQuery, code: string, which: KpiPartName, cell: KpiCell): ContributorSelection {
  const part = partOf(code, which);
  const fact = part.anchor === 'survey' ? 'survey' : 'complaint';
  const a = raw(fact === 'survey' ? 's' : 'c');
  const { first, last } = periodBounds(cell, query.grain, query.filter);
  const assessed = !query.assessed ? sql`TRUE` : fact === 'survey' ? sql`(s.complaint_id IS NULL OR sc.exemption_filing_id IS NULL)` : sql`c.exemption_filing_id IS NULL`;

  const conditions: Sql[] = [inViewerScope(query.viewer, sql`${a}.org_unit_id`)];
  let rowsWhere: Sql;
  if (part.anchor === 'backlog') {
    // Open at the period's end (or, for the opening backlog, at its start).
    const bucket = sql`(SELECT ${first}::date AS period_first, ${last}::date AS period_end,
                               ((${last}::date + 1)::timestamp AT TIME ZONE ${query.timeZone}::text) AS period_end_instant)`;
    conditions.push(sql`EXISTS (SELECT 1 FROM ${bucket} b WHERE ${rowsCondition(part.where, assessed)})`);
    rowsWhere = sql`TRUE`;
  } else {
    const date = { received: sql`c.received_date`, resolved: sql`c.resolved_date`, survey: sql`s.survey_date` }[part.anchor];
    conditions.push(sql`${date} BETWEEN ${first}::date AND ${last}::date`);
    rowsWhere = rowsCondition(part.where, assessed);
  }
  conditions.push(rowsWhere);

  const { filter } = query;
  if (filter.orgUnitIds?.length) conditions.push(inOrgUnitSubtrees(sql`${a}.org_unit_id`, filter.orgUnitIds));
  if (filter.categoryIds?.length) conditions.push(inCategories(sql`${a}.category_id`, filter.categoryIds));
  if (filter.channelCodes?.length) conditions.push(inChannels(sql`${a}.channel_id`, filter.channelCodes));
  if (filter.segments?.length) conditions.push(sql`${a}.customer_segment = ANY (${filter.segments}::text[])`);
  if (filter.flags?.length) conditions.push(flagFilter(fact === 'survey' ? 's' : 'c', filter.flags));

  // The cell's own keys.
  if (cell.orgUnitId !== null) {
    conditions.push(sql`${a}.org_unit_id IN (SELECT u.org_unit_id FROM dim_org_unit u WHERE split_part(u.path, '/', ${raw(String(ORG_DEPTH[query.orgUnitLevel] + 1))}) = ${String(cell.orgUnitId)})`);
  }
  if (query.groupBy.includes('CATEGORY_GROUP') || query.groupBy.includes('CATEGORY')) {
    const byGroup = query.groupBy.includes('CATEGORY_GROUP');
    conditions.push(cell.categoryId === null
      ? sql`${a}.category_id IS NULL`
      : byGroup
        ? sql`${a}.category_id IN (SELECT category_id FROM dim_category WHERE category_id = ${cell.categoryId}::int OR parent_id = ${cell.categoryId}::int)`
        : sql`${a}.category_id = ${cell.categoryId}::int`);
  }
  if (cell.channelCode !== null) conditions.push(sql`${a}.channel_id IN (SELECT channel_id FROM dim_channel WHERE code = ${cell.channelCode}::text)`);
  if (cell.segment !== null) conditions.push(sql`${a}.customer_segment = ${cell.segment}::text`);
  if (cell.flag !== null) conditions.push(flagFilter(fact === 'survey' ? 's' : 'c', [cell.flag]));

  const joins: Sql[] = [];
  if (fact === 'survey' && query.assessed) joins.push(sql`LEFT JOIN fact_complaint sc ON sc.complaint_id = s.complaint_id AND sc.customer_id = s.customer_id`);
  const table = fact === 'survey' ? sql`fact_survey s` : sql`fact_complaint c`;
  const id = fact === 'survey' ? sql`s.survey_id` : sql`c.complaint_id`;
  return { fact, from: joins.length ? sql`${table} ${join(joins, ' ')}` : table, conditions, table, id };
}
