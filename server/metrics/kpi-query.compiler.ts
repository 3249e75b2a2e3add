import { inCategories, inChannels, inOrgUnitSubtrees } from '../db/dimension-conditions.ts';
import { empty, join, raw, sql, type Sql } from '../db/sql.ts';
import { inViewerScope } from '../graphql/common/scope.ts';
import { holisticAggregate, kpiDefinition, partAggregate, type Anchor, type KpiDefinition, type Part } from './catalogue.ts';
import { MAX_KPI_ROWS, ORG_DEPTH, type KpiQuery } from './kpi-query.ts';
import { bucketStart, bucketStarts, DAY_MS, isWholeMonths, toDay, toMs, wholeMonthsAndDays } from './periods.ts';
import { CUSTOMER_BASE_ROLLUP, ROLLUP_TABLES, rollupColumnFor, type RollupAnchor } from '../rollups/rollup-columns.ts';
import { BACKLOG_ROLLUPS, backlogRollupAggregate, backlogRollupCtes, backlogSnapshotDay } from './backlog-rollup.compiler.ts';
import { periodSlices } from './percentile-periods.ts';

// Compiles a KPI query into ONE parameterized SQL statement. Each fact is
// aggregated on its own (complaints by received date, complaints by resolved
// date, surveys by survey date, the customer base by month) in a CTE of its
// own, and the CTEs are joined on the group keys — so a customer with three
// complaints and two surveys never counts six of anything (no fan-out).


/** Key columns of the result, in output order. */
const KEY_COLUMNS = ['period_start', 'org_unit_id', 'category_id', 'channel_id', 'segment', 'flag'] as const;
type KeyColumn = (typeof KEY_COLUMNS)[number];

type Source = {
  anchor: Anchor;
  /** SQL for the anchor date of a row. */
  date: Sql;
  from: Sql;
  alias: 'c' | 's' | 'r';
  /** Set when the source is a daily rollup table instead of a fact table. */
  rollup?: string;
  shape?: RollupShape;
  /** Which rollup rows it reads: MONTH or DAY rows, or each range's whole months as MONTH rows and its other days as DAY rows. */
  period?: RollupPeriod;
};

type RollupPeriod = 'DAY' | 'MONTH' | 'MONTHS_AND_DAYS';

function rollupSource(anchor: Anchor, shape: RollupShape, period: RollupPeriod): Source {
  // The backlog sums both complaint rollups, DAY and MONTH rows (backlog-rollup.compiler.ts).
  // (Its CTEs, built by backlogRollupCtes, read the rollup rows as backlog_flow.)
  if (anchor === 'backlog') return { anchor, date: sql`r.day`, from: sql`backlog_flow`, alias: 'r', rollup: BACKLOG_ROLLUPS.join(' + '), shape };
  const day = { received: 'received_date', resolved: 'resolved_date', survey: 'survey_date' }[anchor];
  return { anchor, date: raw(`r.${day}`), from: raw(`${ROLLUP_TABLES[anchor]} r`), alias: 'r', rollup: ROLLUP_TABLES[anchor], shape, period };
}

/** Monthly rollup rows answer a query whose ranges are whole months and whose buckets are months or longer. */
function monthlyRollupFits(query: KpiQuery): boolean {
  return coarseGrain(query) && isWholeMonths(query.filter) && (!query.comparison || isWholeMonths(query.comparison));
}

/** Buckets of months or longer (or one per range): a monthly rollup row falls in one of them whole. */
function coarseGrain(query: KpiQuery): boolean {
  return query.grain === null || query.grain === 'MONTH' || query.grain === 'QUARTER' || query.grain === 'YEAR';
}

/**
 * The rollup rows a query reads: MONTH rows when its ranges are whole months;
 * with buckets of months or longer but ranges that are not (the dashboard's
 * "last 12 months" ends today), each range's whole months as MONTH rows and
 * its other days as DAY rows, about a thirtieth of the rows that reading
 * days only takes (~1M: an overview ending mid-month 158 → 22 ms); else DAY
 * rows.
 */
function rollupPeriodOf(query: KpiQuery): RollupPeriod {
  if (monthlyRollupFits(query)) return 'MONTH';
  return coarseGrain(query) ? 'MONTHS_AND_DAYS' : 'DAY';
}

type RollupShape = 'STATION' | 'CITY_CATEGORY' | 'CITY_CHANNEL_SEGMENT';
const CITY_DEPTH = 2;

/**
 * The smallest rollup shape holding the query's dimensions and filters: by
 * city × channel × segment, by city × category, or by station when it needs
 * counties or stations (a breakdown, a filter, or the viewer's own scope).
 * None holds category together with channel or segment.
 */
export function rollupShape(query: KpiQuery): RollupShape | undefined {
  const { groupBy, filter } = query;
  const byCategory = groupBy.includes('CATEGORY') || groupBy.includes('CATEGORY_GROUP') || !!filter.categoryIds?.length;
  const byChannelOrSegment = groupBy.includes('CHANNEL') || groupBy.includes('SEGMENT') || !!filter.channelCodes?.length || !!filter.segments?.length;
  const belowCity = needsBelowCity(query);
  if (byCategory && byChannelOrSegment) return undefined;
  if (byCategory) return belowCity ? undefined : 'CITY_CATEGORY';
  if (byChannelOrSegment) return belowCity ? undefined : 'CITY_CHANNEL_SEGMENT';
  return belowCity ? 'STATION' : 'CITY_CHANNEL_SEGMENT';
}

/** Whether the query breaks down or filters below city level, or the viewer's own scope lies below a city. */
function needsBelowCity(query: KpiQuery): boolean {
  const { groupBy, filter } = query;
  const scopeDepth = Math.max(0, ...query.viewer.orgUnitScope.map((path) => path.split('/').filter(Boolean).length));
  return (groupBy.includes('ORG_UNIT') && ORG_DEPTH[query.orgUnitLevel] > CITY_DEPTH)
    || (!!filter.orgUnitIds?.length && (filter.orgUnitFilterDepth ?? 4) > CITY_DEPTH)
    || scopeDepth > CITY_DEPTH;
}

/** The customer base comes from its city rollup unless the query needs counties or stations (or asks for the facts). */
function customerBaseFromRollup(query: KpiQuery): boolean {
  return query.source !== 'facts' && !needsBelowCity(query);
}

/**
 * Whether the daily rollups hold every part the query needs: additive parts
 * of received, resolved and survey facts, backlog and openingBacklog (sums of
 * both complaint rollups; not overdueBacklog, no percentile), and no
 * special-flag breakdown or filter (flags change over time).
 */
export function rollupsCover(query: KpiQuery): boolean {
  const anchors = new Set(query.measures.flatMap((code) => needsOf(kpiDefinition(code)).map((n) => n.anchor)));
  return [...anchors].every((anchor) => anchorFromRollup(query, anchor));
}

type Need = { anchor: Anchor; rollupable: boolean };

// Worked out once per catalogue entry: routing asks for every anchor of every compile.
const needsByKpi = new WeakMap<KpiDefinition, Need[]>();

/** The anchored sets a KPI reads, and whether a rollup holds what it needs of each. */
function needsOf(kpi: KpiDefinition): Need[] {
  let needs = needsByKpi.get(kpi);
  if (!needs) needsByKpi.set(kpi, (needs = anchoredNeeds(kpi)));
  return needs;
}

function anchoredNeeds(kpi: KpiDefinition): Need[] {
  const of = (part: Part): Need => ({ anchor: part.anchor, rollupable: rollupColumnFor(part) !== undefined || backlogSnapshotDay(part) !== undefined });
  switch (kpi.kind) {
    case 'additive':
    case 'snapshot':
      return [of(kpi.part)];
    case 'ratio':
      return kpi.denominator === 'customerBase' ? [of(kpi.numerator)] : [of(kpi.numerator), of(kpi.denominator)];
    case 'holistic':
      return [{ anchor: kpi.anchor, rollupable: false }];
  }
}

/**
 * Routing, per anchored set: its CTE reads the daily rollup when every part
 * the query needs of it is in the rollup (no percentile) and nothing breaks
 * down or filters by special flag; else the facts. So an overview mixing
 * rates with a median reads rollups for complaints received and surveys, and
 * the facts only for resolutions; and a query asking for overdueBacklog
 * (which needs SLA due times) reads the whole backlog from the facts.
 */
function anchorFromRollup(query: KpiQuery, anchor: Anchor): boolean {
  if (query.source === 'facts' || !rollupShape(query)) return false;
  if (query.groupBy.includes('SPECIAL_FLAG') || query.filter.flags?.length) return false;
  return query.measures.flatMap((code) => needsOf(kpiDefinition(code))).filter((n) => n.anchor === anchor).every((n) => n.rollupable);
}

const SOURCES: Record<Anchor, Source> = {
  received: { anchor: 'received', date: sql`c.received_date`, from: sql`fact_complaint c`, alias: 'c' },
  resolved: { anchor: 'resolved', date: sql`c.resolved_date`, from: sql`fact_complaint c`, alias: 'c' },
  survey: { anchor: 'survey', date: sql`s.survey_date`, from: sql`fact_survey s`, alias: 's' },
  // Complaints open at some point of the range, each paired with the periods
  // from the one it was received in to the one it was resolved in (most span
  // one or two), where it may count as opening or closing backlog.
  backlog: { anchor: 'backlog', date: sql`b.period_start`, from: sql`fact_complaint c`, alias: 'c' },
};

type DayRange = { from: string; to: string };

/** The main range, then the comparison range when there is one. */
function rangesOf(query: KpiQuery): DayRange[] {
  return query.comparison ? [query.filter, query.comparison] : [query.filter];
}

/**
 * The day ranges a fact scan reads: one when the comparison period ends the
 * day before the main range starts (PREVIOUS_PERIOD), so the index scan is one
 * range instead of a BitmapOr of two.
 */
function scannedRanges(query: KpiQuery): DayRange[] {
  const { filter, comparison } = query;
  if (comparison && toDay(toMs(comparison.to) + DAY_MS) === filter.from) return [{ from: comparison.from, to: filter.to }];
  return rangesOf(query);
}

function earliestDay(query: KpiQuery): string {
  return query.comparison && query.comparison.from < query.filter.from ? query.comparison.from : query.filter.from;
}

function backlogFrom(query: KpiQuery): Sql {
  // A complaint is paired with a bucket when it was open during it: received
  // by its last day, not resolved before its first (the rollups count the same).
  const openDuring = sql`c.received_date <= b.period_end AND (c.resolved_date IS NULL OR c.resolved_date >= b.period_first)`;
  if (!query.grain) {
    // One bucket per range: pair each with the complaints open in it.
    return sql`kpi_buckets b JOIN fact_complaint c ON ${openDuring}`;
  }
  const bucket = (day: Sql) => sql`date_trunc(${grainUnit(query)}, ${day}::timestamp)`;
  const { to } = query.filter;
  // The buckets each complaint spans (most span one or two), listed in the
  // select list (a ProjectSet: on ~1M complaints about half the time of a
  // LATERAL function scan per row) and joined to the buckets on their start.
  // Only the columns the backlog parts, keys and filters read travel on (a
  // new backlog part reading another column fails loudly here).
  return sql`(SELECT c.customer_id, c.customer_segment, c.org_unit_id, c.category_id, c.channel_id, c.received_date, c.resolved_date, c.exemption_filing_id, c.sla_due_at, generate_series(${bucket(sql`greatest(c.received_date, ${earliestDay(query)}::date)`)},
                                          ${bucket(sql`least(coalesce(c.resolved_date, ${to}::date), ${to}::date)`)}, ${step(query)}::interval)::date AS spanned_start
                FROM fact_complaint c WHERE ${backlogRange(query)}) c
    JOIN kpi_buckets b ON b.period_start = c.spanned_start AND ${openDuring}`;
}

/** Complaints open at some time between the earliest range's start and the main range's end. */
function backlogRange(query: KpiQuery): Sql {
  return sql`c.received_date <= ${query.filter.to}::date AND (c.resolved_date IS NULL OR c.resolved_date >= ${earliestDay(query)}::date)`;
}

/** One bucket of the grain as an interval (Postgres has no 'quarter' interval unit). */
function step(query: KpiQuery): Sql {
  return raw(query.grain === 'QUARTER' ? `'3 months'` : `'1 ${query.grain!.toLowerCase()}'`);
}

export type CompiledKpiQuery = {
  statement: Sql;
  /** Measures in the order of their output columns (m0, m1, ...). */
  measures: KpiDefinition[];
  keys: KeyColumn[];
  /** Per measure, what answered it: a rollup table's name, or "facts". */
  sources: Record<string, string>;
  /** Whether one plan serves the statement whatever its values (see planFitsAnyValues): then Postgres may keep it. */
  planFitsAnyValues: boolean;
};

/**
 * A city rollup row's org unit is already the one it reports under by city:
 * the refresh stores each fact's city (or its unit when above cities), as
 * org_key computes it. So a breakdown by city reads it as is, with no join.
 */
function keyedByOwnId(source: Source, query: KpiQuery): boolean {
  return query.orgUnitLevel === 'CITY' && !!source.shape && source.shape !== 'STATION';
}

/** The same for the customer base's city rollup. */
function customerBaseKeyedByOwnId(query: KpiQuery): boolean {
  return query.orgUnitLevel === 'CITY' && customerBaseFromRollup(query);
}

function keysOf(query: KpiQuery): KeyColumn[] {
  const keys: KeyColumn[] = [];
  if (query.grain || query.comparison) keys.push('period_start');
  if (query.groupBy.includes('ORG_UNIT')) keys.push('org_unit_id');
  if (query.groupBy.includes('CATEGORY') || query.groupBy.includes('CATEGORY_GROUP')) keys.push('category_id');
  if (query.groupBy.includes('CHANNEL')) keys.push('channel_id');
  if (query.groupBy.includes('SEGMENT')) keys.push('segment');
  if (query.groupBy.includes('SPECIAL_FLAG')) keys.push('flag');
  return keys;
}

function grainUnit(query: KpiQuery): Sql {
  return raw(`'${query.grain!.toLowerCase()}'`);
}

/**
 * The bucket a local day falls in, as a day. Truncated as a timestamp without
 * time zone: the same day as truncating the timestamptz a date casts to by
 * default, without a time-zone conversion per row (about a quarter of the
 * time of a monthly rollup scan).
 */
function bucketOf(query: KpiQuery, day: Sql): Sql {
  return sql`date_trunc(${grainUnit(query)}, ${day}::timestamp)::date`;
}

/** The SQL of one key column for a fact source. */
function keyExpression(key: KeyColumn, source: Source, query: KpiQuery): Sql {
  const a = raw(source.alias);
  switch (key) {
    case 'period_start':
      if (source.anchor === 'backlog') return sql`b.period_start`;
      // A monthly rollup row is dated its month's first day: already the bucket.
      if (query.grain === 'MONTH' && source.period === 'MONTH') return source.date;
      if (query.grain) return bucketOf(query, source.date);
      // No grain but a comparison: each range is one period. Grouped by this
      // boolean, which the planner knows has two values; the CTE names the
      // period by its first day after grouping (rangePeriodNamed).
      return sql`(${source.date} >= ${query.filter.from}::date)`;
    case 'org_unit_id':
      return keyedByOwnId(source, query) ? sql`r.org_unit_id` : sql`ou.key_id`;
    case 'category_id':
      return byCategoryGroup(query) ? categoryGroupOf(sql`cat`) : sql`${a}.category_id`;
    case 'channel_id':
      return sql`${a}.channel_id`;
    case 'segment':
      return source.rollup ? sql`r.segment` : sql`${raw(source.alias)}.customer_segment`;
    case 'flag':
      return sql`coalesce(fl.flag, 'NONE')`;
  }
}

/** Whether the breakdown is by category group (level 1), not by category. */
function byCategoryGroup(query: KpiQuery): boolean {
  return query.groupBy.includes('CATEGORY_GROUP') && !query.groupBy.includes('CATEGORY');
}

/** A category's group: its parent, or itself when it is a group. */
function categoryGroupOf(category: Sql): Sql {
  return sql`coalesce(${category}.parent_id, ${category}.category_id)`;
}

/** Whether the source's rows are summed by category before they meet the category groups (rollupRowsByCategoryGroup). */
function summedByCategoryFirst(source: Source, query: KpiQuery): boolean {
  return !!source.rollup && source.anchor !== 'backlog' && byCategoryGroup(query);
}

/**
 * A rollup by category group, in two steps: its rows summed by category
 * (no join), then the few category sums (~25 per period) summed by group.
 * Every rollup aggregate is a sum, so the sum of the sums is the same
 * figure; and the join to dim_category meets a few dozen rows, not 5,400,
 * whatever plan Postgres picks (a generic plan, expecting ~400 rollup rows,
 * looked each row's category up one by one).
 */
function rollupRowsByCategoryGroup(source: Source, query: KpiQuery, keys: KeyColumn[], aggregates: Sql[], aggregateNames: readonly string[]): Sql {
  const byCategory = keys.map((k) => (k === 'category_id' ? sql`r.category_id AS category_id` : sql`${keyExpression(k, source, query)} AS ${raw(k)}`));
  const tableJoins = joins(source, query, keys);
  const outerKeys = keys.map((k) => (k === 'category_id' ? sql`${categoryGroupOf(sql`cat`)} AS category_id` : raw(`g.${k}`)));
  const sums = aggregateNames.map((name) => raw(`sum(g.${name}) AS ${name}`));
  const groupBy = join(keys.map((_, i) => raw(String(i + 1))), ', ');
  return sql`
      SELECT ${join([...outerKeys, ...sums], ', ')} FROM (
        SELECT ${join([...byCategory, ...aggregates], ', ')}
          FROM ${source.from} ${tableJoins.length ? join(tableJoins, ' ') : empty}
         WHERE ${join(conditions(source, query), ' AND ')}
         GROUP BY ${groupBy}) g LEFT JOIN dim_category cat ON cat.category_id = g.category_id
       GROUP BY ${groupBy}`;
}

/**
 * The day a fact's customer flags are read on: a complaint counts under the
 * flags its customer held when it was received (whatever anchors the KPI); a
 * survey under those held on its day.
 */
function heldOn(alias: 'c' | 's', flagAlias = 'f'): Sql {
  const day = alias === 's' ? sql`s.survey_date` : sql`c.received_date`;
  const f = raw(flagAlias);
  return sql`${f}.customer_id = ${raw(alias)}.customer_id AND ${f}.valid_from <= ${day} AND (${f}.valid_to IS NULL OR ${f}.valid_to >= ${day})`;
}

/** The fact's customer held one of these flags that day (NONE: held none). */
export function flagFilter(alias: 'c' | 's', flags: readonly string[]): Sql {
  const named = flags.filter((f) => f !== 'NONE');
  const anyNamed = sql`EXISTS (SELECT 1 FROM dim_customer_flag f WHERE ${heldOn(alias)} AND f.flag = ANY (${named}::text[]))`;
  const none = sql`NOT EXISTS (SELECT 1 FROM dim_customer_flag f WHERE ${heldOn(alias)})`;
  if (!flags.includes('NONE')) return anyNamed;
  return named.length ? sql`(${anyNamed} OR ${none})` : none;
}

function assessedCondition(source: Source, query: KpiQuery): Sql {
  if (!query.assessed) return sql`TRUE`;
  if (source.rollup) return sql`NOT r.exempt`;
  // Surveys that follow an exempt complaint are left out with it.
  return source.alias === 'c' ? sql`c.exemption_filing_id IS NULL` : sql`(s.complaint_id IS NULL OR sc.exemption_filing_id IS NULL)`;
}

/**
 * Each range's whole months as MONTH rows (dated their first day) and its
 * other days as DAY rows. Per range, not per scanned range: a month split
 * between the comparison and the main range is read as days, so each row
 * falls in one range whole.
 */
function monthsAndDays(source: Source, ranges: readonly DayRange[]): Sql {
  const between = (range: DayRange) => sql`${source.date} BETWEEN ${range.from}::date AND ${range.to}::date`;
  return join(ranges.flatMap((range) => {
    const { months, days } = wholeMonthsAndDays(range);
    return [
      ...(months ? [sql`(r.period = 'MONTH' AND ${between(months)})`] : []),
      ...days.map((d) => sql`(r.period = 'DAY' AND ${between(d)})`),
    ];
  }), ' OR ');
}

/** The anchor days a source reads: the ranges (by rollup period), or for the backlog every day up to the range's end. */
function daysRead(source: Source, query: KpiQuery, ranges: DayRange[]): Sql {
  if (source.anchor === 'backlog') {
    // Backlog rollup rows: every day up to the range's end, from the beginning of the data.
    return source.rollup ? sql`r.day <= ${query.filter.to}::date` : backlogRange(query);
  }
  if (source.period === 'MONTHS_AND_DAYS') return sql`(${monthsAndDays(source, rangesOf(query))})`;
  return sql`(${join(ranges.map((r) => sql`${source.date} BETWEEN ${r.from}::date AND ${r.to}::date`), ' OR ')})`;
}

/** Filters shared by every fact: the date range on the anchor, dimensions, and the viewer's scope. */
function conditions(source: Source, query: KpiQuery, ranges: DayRange[] = scannedRanges(query)): Sql[] {
  const a = raw(source.alias);
  const { filter } = query;
  const all = [daysRead(source, query, ranges), inViewerScope(query.viewer, sql`${a}.org_unit_id`)];
  // The backlog reads both periods of its shape (MONTH rows, then DAY rows); monthsAndDays names each row's period itself.
  if (source.shape) {
    all.push(source.period === 'DAY' || source.period === 'MONTH' ? sql`r.shape = ${source.shape}::text AND r.period = ${source.period}::text` : sql`r.shape = ${source.shape}::text`);
  }
  if (filter.orgUnitIds?.length) all.push(inOrgUnitSubtrees(sql`${a}.org_unit_id`, filter.orgUnitIds));
  if (filter.categoryIds?.length) all.push(inCategories(sql`${a}.category_id`, filter.categoryIds));
  if (filter.channelCodes?.length) all.push(inChannels(sql`${a}.channel_id`, filter.channelCodes));
  if (filter.segments?.length) all.push(sql`${source.rollup ? sql`r.segment` : sql`${a}.customer_segment`} = ANY (${filter.segments}::text[])`);
  if (filter.flags?.length && source.alias !== 'r') all.push(flagFilter(source.alias, filter.flags));
  return all;
}

function joins(source: Source, query: KpiQuery, keys: KeyColumn[]): Sql[] {
  const a = raw(source.alias);
  const list: Sql[] = [];
  if (keys.includes('org_unit_id') && !keyedByOwnId(source, query)) list.push(sql`JOIN org_key ou ON ou.org_unit_id = ${a}.org_unit_id`);
  if (keys.includes('category_id') && byCategoryGroup(query) && !summedByCategoryFirst(source, query)) list.push(sql`LEFT JOIN dim_category cat ON cat.category_id = ${a}.category_id`);
  if (source.rollup) return list;
  if (source.alias === 's' && query.assessed) list.push(sql`LEFT JOIN fact_complaint sc ON sc.complaint_id = s.complaint_id AND sc.customer_id = s.customer_id`);
  // One row per flag held that day, or one with no flag (NONE).
  if (keys.includes('flag') && source.alias !== 'r') list.push(sql`LEFT JOIN dim_customer_flag fl ON ${heldOn(source.alias, 'fl')}`);
  return list;
}

/** An aggregate of the catalogue, with the assessed-or-raw condition filled in. */
function aggregateSql(aggregate: string, source: Source, query: KpiQuery): Sql {
  const [before, after] = aggregate.split('{A}');
  return after === undefined ? raw(aggregate) : sql`${raw(before!)}${assessedCondition(source, query)}${raw(after)}`;
}

type Column = { anchor: Anchor; name: string; aggregate: string };

export type CompileOptions = {
  /**
   * false: a percentile by period is grouped like any other aggregate (GROUP
   * BY the bucket), the reference test/integration/kpi-percentile-periods
   * checks the per-period form against. Default true.
   */
  percentilesByPeriod?: boolean;
};

export function compileKpiQuery(query: KpiQuery, options: CompileOptions = {}): CompiledKpiQuery {
  const measures = [...new Set(query.measures)].map(kpiDefinition);
  const keys = keysOf(query);
  if (query.source === 'rollups' && !rollupsCover(query)) throw new Error('the rollups do not cover this query');
  // Routed once per anchor (the compile asks many times).
  const routed = new Map<Anchor, boolean>();
  const fromRollup = (anchor: Anchor): boolean => {
    let fits = routed.get(anchor);
    if (fits === undefined) routed.set(anchor, (fits = anchorFromRollup(query, anchor)));
    return fits;
  };
  const shape = rollupShape(query);
  const period = rollupPeriodOf(query);
  const sourceOf = (anchor: Anchor): Source => (fromRollup(anchor) ? rollupSource(anchor, shape!, period) : SOURCES[anchor]);
  // In a rollup a part is a column; {A} still marks where the assessed view applies.
  const aggregateOf = (part: Part): string => {
    if (!fromRollup(part.anchor)) return partAggregate(part);
    if (part.anchor === 'backlog') return backlogRollupAggregate(part);
    const column = rollupColumnFor(part)!;
    return part.where.includes('{A}') ? `sum(r.${column}) FILTER (WHERE {A})` : `sum(r.${column})`;
  };

  // Every additive part and holistic aggregate the measures need, once each.
  const columns: Column[] = [];
  const columnOf = (anchor: Anchor, aggregate: string): string => {
    let column = columns.find((c) => c.anchor === anchor && c.aggregate === aggregate);
    if (!column) columns.push((column = { anchor, aggregate, name: `${anchor}_${columns.filter((c) => c.anchor === anchor).length}` }));
    return column.name;
  };
  const partColumn = (part: Part) => columnOf(part.anchor, aggregateOf(part));
  let needsCustomerBase = false;
  const outputs: Sql[] = measures.map((kpi, i) => {
    const name = raw(`m${i}`);
    switch (kpi.kind) {
      case 'additive':
      case 'snapshot':
        return sql`coalesce(${raw(partColumn(kpi.part))}, 0)::float8 AS ${name}`;
      case 'holistic':
        return sql`${raw(columnOf(kpi.anchor, holisticAggregate(kpi)))}::float8 AS ${name}`;
      case 'ratio': {
        const numerator = raw(`coalesce(${partColumn(kpi.numerator)}, 0)`);
        let denominator: Sql;
        if (kpi.denominator === 'customerBase') {
          needsCustomerBase = true;
          denominator = raw('customer_base');
        } else {
          denominator = raw(partColumn(kpi.denominator));
        }
        // A zero denominator gives null, never 0 and never an error.
        return sql`(${numerator}::float8 / nullif(${denominator}, 0)::float8 * ${raw(String(kpi.scale))})::float8 AS ${name}`;
      }
    }
  });

  const anchors = [...new Set(columns.map((c) => c.anchor))];
  // Percentiles always read the facts (anchorFromRollup).
  const holisticAnchors = new Set(measures.flatMap((kpi) => (kpi.kind === 'holistic' ? [kpi.anchor] : [])));
  // The data's as-of point travels in the same statement: the rollups' last load, or now for the live facts.
  const anyRollup = anchors.some(fromRollup);
  // The oldest of the rollups read: every figure is at least that fresh.
  const rollupsRead = [...new Set(anchors.filter(fromRollup).flatMap(rollupTablesOf))];
  outputs.push(anyRollup ? sql`(SELECT min(data_as_of) FROM rollup_state WHERE rollup = ANY (${rollupsRead}::text[]))::text AS as_of` : sql`now()::text AS as_of`);
  const keyList = (prefix: string) => keys.map((k) => raw(`${prefix}${k}`));
  const ctes: Sql[] = anchors.map((anchor) => {
    const source = sourceOf(anchor);
    const keySelect = keys.map((k) => sql`${keyExpression(k, source, query)} AS ${raw(k)}`);
    const aggregates = columns.filter((c) => c.anchor === anchor).map((c) => sql`${aggregateSql(c.aggregate, source, query)} AS ${raw(c.name)}`);
    const tableJoins = joins(source, query, keys);
    if (anchor === 'backlog' && source.rollup) {
      const flowKeys = keys.filter((k) => k !== 'period_start');
      return backlogRollupCtes({
        keySelect: flowKeys.map((k) => sql`${keyExpression(k, source, query)} AS ${raw(k)}`), keyNames: flowKeys, byPeriod: keys.includes('period_start'),
        joins: tableJoins, conditions: conditions(source, query), inView: assessedCondition(source, query), aggregates,
        // Whole months by month or coarser: every snapshot is a month's last day.
        dayRows: !monthlyRollupFits(query),
      });
    }
    // A percentile by period only: one aggregate per period (percentile-periods.ts).
    const slices = keys.length === 1 && keys[0] === 'period_start' && holisticAnchors.has(anchor) && options.percentilesByPeriod !== false
      ? periodSlices(query) : undefined;
    if (slices) {
      const perPeriod = slices.map((slice) => sql`SELECT ${slice.start}::date AS period_start, ${join(aggregates, ', ')}
        FROM ${source.from} ${tableJoins.length ? join(tableJoins, ' ') : empty}
       WHERE ${join(conditions(source, query, [slice]), ' AND ')}
      HAVING count(*) > 0`);
      return sql`${raw(anchor)} AS (${join(perPeriod, ' UNION ALL ')})`;
    }
    const groupBy = keys.length ? sql`GROUP BY ${join(keys.map((_, i) => raw(String(i + 1))), ', ')}` : empty;
    const anchorColumns = columns.filter((c) => c.anchor === anchor).map((c) => c.name);
    const grouped = summedByCategoryFirst(source, query)
      ? rollupRowsByCategoryGroup(source, query, keys, aggregates, anchorColumns)
      : sql`
      SELECT ${join([...keySelect, ...aggregates], ', ')}
        FROM ${anchor === 'backlog' ? backlogFrom(query) : source.from} ${tableJoins.length ? join(tableJoins, ' ') : empty}
       WHERE ${join(conditions(source, query), ' AND ')}
       ${groupBy}`;
    const periodByRange = keys.includes('period_start') && !query.grain && anchor !== 'backlog';
    return sql`${raw(anchor)} AS (${periodByRange ? rangePeriodNamed(grouped, query, keys, anchorColumns) : grouped})`;
  });
  if (needsCustomerBase) ctes.push(customerBaseCte(query, keys));
  if (anchors.includes('backlog')) ctes.unshift(bucketsCte(query));
  const readsOrgKey = anchors.some((anchor) => !keyedByOwnId(sourceOf(anchor), query)) || (needsCustomerBase && !customerBaseKeyedByOwnId(query));
  if (keys.includes('org_unit_id') && readsOrgKey) ctes.unshift(orgKeyCte(query));

  const baseKeys = keys.filter((k) => k === 'period_start' || k === 'org_unit_id' || k === 'segment');
  let statement: Sql;
  if (keys.length === 0) {
    // No group keys: every CTE is one row of aggregates; cross join them.
    const sources = [...anchors, ...(needsCustomerBase ? ['customer_base'] : [])].map((name) => raw(name));
    statement = sql`WITH ${join(ctes, ', ')} SELECT ${join(outputs, ', ')} FROM ${join(sources, ' CROSS JOIN ')}`;
  } else {
    const keySources = anchors.map((anchor) => sql`SELECT ${join(keyList(''), ', ')} FROM ${raw(anchor)}`);
    // A plain time series lists every period of the main range, data or not.
    if (keys.length === 1 && keys[0] === 'period_start') {
      keySources.push(query.grain ? periodSeries(query, query.filter) : sql`SELECT ${query.filter.from}::date AS period_start`);
    }
    const joinOn = (alias: string, on: readonly KeyColumn[]) => join(on.map((k) => raw(`${alias}.${k} IS NOT DISTINCT FROM k.${k}`)), ' AND ');
    const factJoins = anchors.map((anchor) => sql`LEFT JOIN ${raw(anchor)} ON ${joinOn(anchor, keys)}`);
    if (needsCustomerBase) {
      factJoins.push(baseKeys.length ? sql`LEFT JOIN customer_base ON ${baseJoin(baseKeys, query)}` : sql`CROSS JOIN customer_base`);
    }
    statement = sql`WITH ${join(ctes, ', ')}, k AS (${join(keySources, ' UNION ')})
      SELECT ${join(keyList('k.'), ', ')}, ${join(outputs, ', ')}
        FROM k ${factJoins.length ? join(factJoins, ' ') : empty}
       ORDER BY ${join(keyList('k.'), ', ')}
       LIMIT ${MAX_KPI_ROWS + 1}`;
  }
  const sources = Object.fromEntries(measures.map((kpi) => [kpi.code, sourceNames(kpi, fromRollup, customerBaseFromRollup(query))]));
  return { statement, measures, keys, sources, planFitsAnyValues: planFitsAnyValues(query, anchors, fromRollup, needsCustomerBase) };
}

/**
 * Whether the statement's best plan hardly depends on its values, so that
 * Postgres may plan it once per connection and keep the plan (a generic
 * plan: no planning, 0.5–0.7 ms of each overview statement). True when it
 * reads the city rollups by month or longer buckets: MONTH rows, plus at
 * most two months of DAY rows per range (rollupPeriodOf), so at most cities
 * × categories, or × channels × segments, per month and per day of those
 * months: a bounded number of rows whatever the range (the backlog's too,
 * but not by category group); joins no org_key (breakdowns by city read the
 * row's own unit); and has no dimension filter (their conditions'
 * selectivity is a value's). That is the dashboard's overview and backlog;
 * everything else is planned for its values. Measured per statement
 * (Postgres CPU, 200–300 runs each, ~1M complaints): the overview's three
 * over whole months 11.5 → 9.5 ms as the whole-tree viewer, 14.3 → 10.0 ms as
 * a city's (row-level security makes planning dearer); ending mid-month
 * 31.4 → 27.8 ms; the backlog by month 3.3 → 2.7 ms (5.8 → 5.1 mid-month),
 * with the same plan.
 */
function planFitsAnyValues(query: KpiQuery, anchors: readonly Anchor[], fromRollup: (anchor: Anchor) => boolean, needsCustomerBase: boolean): boolean {
  const { filter } = query;
  const filtered = [filter.orgUnitIds, filter.categoryIds, filter.channelCodes, filter.segments, filter.flags].some((values) => values?.length);
  const shape = rollupShape(query);
  return coarseGrain(query) && !!shape && shape !== 'STATION' && !filtered
    // (The backlog's flows join dim_category row by row: they are not summed by category first.)
    && anchors.every((anchor) => fromRollup(anchor) && !(anchor === 'backlog' && byCategoryGroup(query)))
    && (!needsCustomerBase || customerBaseFromRollup(query))
    && (!query.groupBy.includes('ORG_UNIT') || query.orgUnitLevel === 'CITY');
}

/**
 * Each org unit with the unit it is reported under (its ancestor at the
 * breakdown's level, or itself above that level): worked out once per org
 * unit, not once per fact or rollup row.
 */
function orgKeyCte(query: KpiQuery): Sql {
  const depth = raw(String(ORG_DEPTH[query.orgUnitLevel] + 1));
  return sql`org_key AS MATERIALIZED (
      SELECT org_unit_id, coalesce(nullif(split_part(path, '/', ${depth}), '')::int, org_unit_id) AS key_id FROM dim_org_unit)`;
}

/**
 * The periods of the result as local days: start (the bucket's), first and
 * last day inside the range, and the instant the last day ends.
 */
function bucketsCte(query: KpiQuery): Sql {
  const perRange = rangesOf(query).map(({ from, to }) => {
    // The starts listed, not generated: the planner then knows how many there are (a generate_series
    // over dates counts as 1,000 rows, which can make the backlog's join look big enough for parallel workers).
    const starts = query.grain ? sql`SELECT unnest(${bucketStarts({ from, to }, query.grain)}::date[]) AS period_start` : sql`SELECT ${from}::date AS period_start`;
    const lastDay = query.grain ? sql`least((s.period_start + ${step(query)}::interval - interval '1 day')::date, ${to}::date)` : sql`${to}::date`;
    return sql`SELECT s.period_start, greatest(s.period_start, ${from}::date) AS period_first, e.period_end,
                      ((e.period_end + 1)::timestamp AT TIME ZONE ${query.timeZone}::text) AS period_end_instant
                 FROM (${starts}) s CROSS JOIN LATERAL (SELECT ${lastDay} AS period_end) e`;
  });
  return sql`kpi_buckets AS (${join(perRange, ' UNION ALL ')})`;
}

/**
 * A comparison without a grain groups each fact by whether its day is in the
 * main range (a boolean: the planner expects two groups, where for a CASE
 * over the day it expected as many groups as rows and sized every hash table
 * after it, ~0.6 ms of a 5 ms overview statement). Here each group gets its
 * period's first day.
 */
function rangePeriodNamed(grouped: Sql, query: KpiQuery, keys: readonly KeyColumn[], aggregateNames: readonly string[]): Sql {
  const columns = [
    sql`CASE WHEN g.period_start THEN ${query.filter.from}::date ELSE ${query.comparison!.from}::date END AS period_start`,
    ...[...keys.filter((k) => k !== 'period_start'), ...aggregateNames].map((name) => raw(`g.${name}`)),
  ];
  return sql`SELECT ${join(columns, ', ')} FROM (${grouped}) g`;
}

/**
 * Every bucket of a range, so a time series has no gaps. Listed, not
 * generated, like the buckets above: a generate_series over dates counts as
 * 1,000 rows, and the key union's hash table was sized for them.
 */
function periodSeries(query: KpiQuery, range: DayRange): Sql {
  return sql`SELECT unnest(${bucketStarts(range, query.grain!)}::date[]) AS period_start`;
}

/**
 * The customer base is kept by month: a day or week bucket takes the base of
 * the month its first day inside the range falls in (a first week may start
 * before `from`).
 */
function baseJoin(baseKeys: readonly KeyColumn[], query: KpiQuery): Sql {
  const byMonth = query.grain === 'DAY' || query.grain === 'WEEK';
  if (!byMonth) return join(baseKeys.map((k) => raw(`customer_base.${k} IS NOT DISTINCT FROM k.${k}`)), ' AND ');
  const firstDayInRange = query.comparison
    ? sql`CASE WHEN k.period_start >= date_trunc(${grainUnit(query)}, ${query.filter.from}::date)
               THEN greatest(k.period_start, ${query.filter.from}::date) ELSE greatest(k.period_start, ${query.comparison.from}::date) END`
    : sql`greatest(k.period_start, ${query.filter.from}::date)`;
  return join(baseKeys.map((k) => (k === 'period_start'
    ? sql`customer_base.period_start = date_trunc('month', ${firstDayInRange})::date`
    : raw(`customer_base.${k} IS NOT DISTINCT FROM k.${k}`))), ' AND ');
}

/**
 * Mean, over the months of each period, of active customers of the same org
 * units and segments (fact_customer_month). Category and channel filters do
 * not apply: the base does not depend on them.
 */
function customerBaseCte(query: KpiQuery, keys: KeyColumn[]): Sql {
  const byMonth = query.grain === 'DAY' || query.grain === 'WEEK';
  const { filter } = query;
  // One select per range (months of the main range, then of the comparison's).
  const perRange = rangesOf(query).map((range) => {
    const period = byMonth || query.grain === 'MONTH' ? sql`m.month` : query.grain ? bucketOf(query, sql`m.month`) : sql`${range.from}::date`;
    const groupKeys: { name: KeyColumn; expression: Sql }[] = [];
    if (keys.includes('period_start')) groupKeys.push({ name: 'period_start', expression: period });
    const ownId = customerBaseKeyedByOwnId(query);
    if (keys.includes('org_unit_id')) groupKeys.push({ name: 'org_unit_id', expression: ownId ? sql`m.org_unit_id` : sql`ou.key_id` });
    if (keys.includes('segment')) groupKeys.push({ name: 'segment', expression: sql`m.segment` });
    // The months of the range: a bucket clipped by `from` averages only its months inside the range.
    const where = [
      sql`m.month BETWEEN ${bucketStart(range.from, 'MONTH')}::date AND ${range.to}::date`,
      inViewerScope(query.viewer, sql`m.org_unit_id`),
    ];
    if (filter.orgUnitIds?.length) where.push(inOrgUnitSubtrees(sql`m.org_unit_id`, filter.orgUnitIds));
    if (filter.segments?.length) where.push(sql`m.segment = ANY (${filter.segments}::text[])`);
    const selected = [...groupKeys.map((g) => sql`${g.expression} AS ${raw(g.name)}`), sql`m.month`, sql`sum(m.active_customers) AS active`];
    return sql`SELECT ${join(selected, ', ')}
        FROM ${raw(customerBaseFromRollup(query) ? CUSTOMER_BASE_ROLLUP : 'fact_customer_month')} m ${keys.includes('org_unit_id') && !ownId ? sql`JOIN org_key ou ON ou.org_unit_id = m.org_unit_id` : empty}
       WHERE ${join(where, ' AND ')}
       GROUP BY ${join([...groupKeys.map((_, i) => raw(String(i + 1))), raw(String(groupKeys.length + 1))], ', ')}`;
  });
  const outerKeys = (['period_start', 'org_unit_id', 'segment'] as const).filter((k) => keys.includes(k)).map((k) => raw(k));
  return sql`customer_base_by_month AS (${join(perRange, ' UNION ALL ')}),
    customer_base AS (
      SELECT ${join([...outerKeys, sql`avg(active) AS customer_base`], ', ')} FROM customer_base_by_month
      ${outerKeys.length ? sql`GROUP BY ${join(outerKeys, ', ')}` : empty})`;
}

/** What a KPI reads (a ratio may read two sources), for the response's extensions. */
function sourceNames(kpi: KpiDefinition, fromRollup: (anchor: Anchor) => boolean, baseFromRollup: boolean): string {
  const names = needsOf(kpi).flatMap((n) => (fromRollup(n.anchor) ? rollupTablesOf(n.anchor) : ['facts']));
  if (kpi.kind === 'ratio' && kpi.denominator === 'customerBase') names.push(baseFromRollup ? CUSTOMER_BASE_ROLLUP : 'fact_customer_month');
  return [...new Set(names)].join(' + ');
}

/** The rollup tables an anchored set reads when it comes from the rollups. */
function rollupTablesOf(anchor: Anchor): string[] {
  return anchor === 'backlog' ? [...BACKLOG_ROLLUPS] : [ROLLUP_TABLES[anchor as RollupAnchor]];
}
