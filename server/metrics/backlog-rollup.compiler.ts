import { join, raw, sql, type Sql } from '../db/sql.ts';
import { ROLLUP_TABLES } from '../rollups/rollup-columns.ts';
import { kpiDefinition, type Part } from './catalogue.ts';

// The backlog from the daily rollups. A complaint is resolved on or after the
// day it is received, so the complaints open at the end of a local day D
// (received on or before D, resolved after D or never) are
//   Σ received on or before D − Σ resolved on or before D,
// per group key, in either view (a complaint's exemption is the same in both
// rollups). The sums run from the beginning of the data: the MONTH rollup rows
// of the whole months up to D, then the DAY rows from the next month's first
// day to D — so any grain and any partial range read at most a month of day
// rows per snapshot, and month ends none.

/** The day a backlog part is the snapshot of: a period's last day, or the day before its first. */
type SnapshotDay = 'end' | 'beforeFirst';

const snapshotSignature = (part: Part) => `${part.anchor}|${part.where}|${part.sum ?? ''}`;

/**
 * The backlog parts the rollups hold, each with its snapshot day, matched on
 * the catalogue's own definitions (a changed definition falls back to the
 * facts): backlog is open at the end of b.period_end, openingBacklog at the
 * end of b.period_first − 1 (received before period_first, not resolved
 * before it). overdueBacklog needs each complaint's SLA due time: facts only.
 */
const SNAPSHOTS: ReadonlyMap<string, SnapshotDay> = new Map([
  [snapshotSignature((kpiDefinition('backlog') as { part: Part }).part), 'end'],
  [snapshotSignature((kpiDefinition('openingBacklog') as { part: Part }).part), 'beforeFirst'],
]);

export function backlogSnapshotDay(part: Part): SnapshotDay | undefined {
  return part.anchor === 'backlog' ? SNAPSHOTS.get(snapshotSignature(part)) : undefined;
}

/** The rollup tables the backlog is summed from. */
export const BACKLOG_ROLLUPS = [ROLLUP_TABLES.received, ROLLUP_TABLES.resolved] as const;

const DAY_COLUMNS = { end: 'b.period_end', beforeFirst: 'b.before_first' } as const;
const MONTH_COLUMNS = { end: 'b.end_month', beforeFirst: 'b.before_first_month' } as const;

/**
 * Whether a flow row counts towards the sums up to the end of the snapshot
 * day D: MONTH rows before the month of D + 1 (so a month's last day needs
 * no DAY rows), then DAY rows from that month's first day to D.
 */
function countedUpTo(day: SnapshotDay): string {
  const [d, month] = [DAY_COLUMNS[day], MONTH_COLUMNS[day]];
  return `((f.monthly AND f.day < ${month}) OR (NOT f.monthly AND f.day >= ${month} AND f.day <= ${d}))`;
}

/** The aggregate of a backlog part over the flow rows joined to a bucket. */
export function backlogRollupAggregate(part: Part): string {
  return `sum(f.received - f.resolved) FILTER (WHERE ${countedUpTo(backlogSnapshotDay(part)!)})`;
}

/**
 * The rollup rows the backlog is summed from, as four relations over `r`
 * (day, keys, exempt, n: complaints received or resolved that day): the
 * received and the resolved rollup's MONTH rows, and only the DAY rows some
 * snapshot needs (backlog_days), so whole-month periods read no DAY rows at
 * all (the lower bound lets the index skip the rest). The period is a
 * boolean (monthly): the snapshots test it on every flow row.
 */
const FLOW_BRANCHES = [
  { table: ROLLUP_TABLES.received, day: 'received_date', n: 'complaints', counts: 'received' },
  { table: ROLLUP_TABLES.resolved, day: 'resolved_date', n: 'resolved_complaints', counts: 'resolved' },
].flatMap(({ table, day, n, counts }) => {
  const columns = `shape, org_unit_id, category_id, channel_id, segment, exempt, ${day} AS day, ${n} AS n`;
  return [
    // Only the months some snapshot counts: before the month after the last one ends (the bound reads backlog_snapshots, so no parallel workers are set up
    // for these small scans: a CTE is parallel-restricted; workers cost more than the scan on a busy server).
    { relation: `(SELECT ${columns}, true AS monthly FROM ${table} WHERE period = 'MONTH' AND ${day} < (SELECT max(end_month) FROM backlog_snapshots)) r`, counts, monthly: true },
    { relation: `(SELECT ${columns}, false AS monthly FROM ${table} WHERE period = 'DAY' AND ${day} >= (SELECT min(day) FROM backlog_days) AND ${day} IN (SELECT day FROM backlog_days)) r`, counts, monthly: false },
  ];
});

export type BacklogRollupParts = {
  /** The query's group keys other than the period, each `expression AS name` over `r`. */
  keySelect: Sql[];
  keyNames: string[];
  byPeriod: boolean;
  /** Joins (org key, category) and conditions (shape, scope, filters, days up to the range's end) over `r`. */
  joins: Sql[];
  conditions: Sql[];
  /** The assessed-or-raw condition over `r`. */
  inView: Sql;
  /** `aggregate AS column` per backlog part asked for. */
  aggregates: Sql[];
  /**
   * Whether some snapshot day is not a month's last day (so DAY rows count).
   * When every one is (whole months by month, quarter, year or range), the
   * statement leaves out the DAY relations and backlog_days: they would
   * read nothing, but cost planning and a probe each.
   */
  dayRows: boolean;
};

/**
 * Two CTEs: backlog_flow, the complaints received and resolved per rollup row
 * date and group key (in the view, and in all for presence), a row per
 * relation of FLOW_BRANCHES; and backlog, per
 * bucket × group key, the sums up to each snapshot day. A group has a row in a
 * bucket when some complaint of it (in either view) was open during the
 * bucket — received by its last day, not resolved before its first — as on
 * the facts: Σ received up to period_end − Σ resolved up to period_first − 1.
 * Without group keys the result is one row, as on the facts.
 */
export function backlogRollupCtes(parts: BacklogRollupParts): Sql {
  const { keySelect, keyNames, byPeriod, joins, conditions, inView, aggregates, dayRows } = parts;
  const flowKeys = keyNames.map((k) => raw(`f.${k}`));
  const groupBy = [...(byPeriod ? [raw('b.period_start')] : []), ...flowKeys];
  // Each relation grouped on its own (by day and keys): grouping the four as
  // one union sorted every rollup row; per relation it is a hash on the day.
  const flows = FLOW_BRANCHES.filter((branch) => dayRows || branch.monthly).map(({ relation, counts }) => {
    const inViewSum = sql`coalesce(sum(r.n) FILTER (WHERE ${inView}), 0)`;
    const sums = counts === 'received'
      ? sql`${inViewSum} AS received, 0::numeric AS resolved, sum(r.n) AS received_all, 0::numeric AS resolved_all`
      : sql`0::numeric AS received, ${inViewSum} AS resolved, 0::numeric AS received_all, sum(r.n) AS resolved_all`;
    return sql`SELECT r.monthly, r.day${keySelect.length ? sql`, ${join(keySelect, ', ')}` : sql``}, ${sums}
        FROM ${raw(relation)} ${joins.length ? join(joins, ' ') : sql``}
       WHERE ${join(conditions, ' AND ')}
       GROUP BY ${join(Array.from({ length: keySelect.length + 2 }, (_, i) => raw(String(i + 1))), ', ')}`;
  });
  const present = `coalesce(sum(f.received_all) FILTER (WHERE ${countedUpTo('end')}), 0) - coalesce(sum(f.resolved_all) FILTER (WHERE ${countedUpTo('beforeFirst')}), 0) > 0`;
  return sql`backlog_snapshots AS MATERIALIZED (
      SELECT kb.period_start, kb.period_end, date_trunc('month', kb.period_end + 1)::date AS end_month,
             kb.period_first - 1 AS before_first, date_trunc('month', kb.period_first)::date AS before_first_month FROM kpi_buckets kb),${dayRows ? sql`
    backlog_days AS (
      SELECT generate_series(end_month, period_end, interval '1 day')::date AS day FROM backlog_snapshots
      UNION SELECT generate_series(before_first_month, before_first, interval '1 day')::date FROM backlog_snapshots),` : sql``}
    backlog_flow AS (${join(flows, ' UNION ALL ')}),
    backlog AS (
      SELECT ${join([...(byPeriod ? [sql`b.period_start AS period_start`] : []), ...flowKeys, ...aggregates], ', ')}
        FROM backlog_snapshots b
        JOIN backlog_flow f ON ${raw(countedUpTo('end'))} OR ${raw(countedUpTo('beforeFirst'))}
       ${groupBy.length ? sql`GROUP BY ${join(groupBy, ', ')} HAVING ${raw(present)}` : sql``})`;
}
