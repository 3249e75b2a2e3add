import type { DataSource } from 'typeorm';
import { selectRows } from '../db/sql.ts';
import { badInput } from '../graphql/common/api-error.ts';
import { kpiCacheOf } from './kpi-cache.ts';
import { joinFactRows, type FactRow, type JoinedRow } from './kpi-fact-join.ts';
import { compileKpiQuery, type CompiledKpiQuery } from './kpi-query.compiler.ts';
import { MAX_KPI_ROWS, type KpiQuery, type KpiResultRow } from './kpi-query.ts';

const INTEGER_UNITS = new Set(['count']);

export type KpiResult = {
  rows: KpiResultRow[];
  /** Per measure: the rollup table(s) that answered it, or "facts". */
  sources: Record<string, string>;
  /** The data's as-of point (ISO), when known. */
  asOf: string | null;
};

/** Runs a KPI query (one statement per fact, in parallel) and returns typed rows, or an error when the result is too large. */
export async function runKpiQuery(db: DataSource, query: KpiQuery): Promise<KpiResult> {
  if (query.filter.to < query.filter.from) throw badInput('filter.dateRange', `\`to\` (${query.filter.to}) is before \`from\` (${query.filter.from})`);
  const compiled = compileKpiQuery(query);
  const cache = kpiCacheOf<KpiResult>(db);
  if (!cache) return typedResult(compiled, await joinedRows(db, compiled));
  const { value, cached } = await cache.answer(db, compiled.statements.map((s) => s.statement), async () => typedResult(compiled, await joinedRows(db, compiled)));
  // Read from the facts, the data is as of the moment asked; unchanged since it was cached, so as of now.
  if (cached && Object.values(value.sources).every((source) => source === 'facts')) value.asOf = new Date().toISOString();
  return value;
}

/** Attempts at a consistent set of answers before giving up (each attempt misses only when data commits between two statements' starts). */
const CONSISTENT_ATTEMPTS = 5;

/**
 * Every fact's statement at once, each on its own pooled connection (and, in
 * a request, in its own viewer transaction), joined on the keys. The
 * statements read separate snapshots, so each says which version of the data
 * it saw (data_version moves with every committed change, in the same
 * transaction): when they differ, a load or mutation committed in between and
 * the set runs again — an answer never mixes two versions of the data, as
 * one statement never did.
 */
async function joinedRows(db: DataSource, compiled: CompiledKpiQuery): Promise<{ rows: JoinedRow[]; asOf: string | null }> {
  for (let attempt = 1; ; attempt++) {
    const answers = await Promise.all(compiled.statements.map((s) => selectRows<FactRow>(db, s.statement)));
    if (new Set(answers.map((rows) => rows[0]?.data_version)).size > 1) {
      if (attempt < CONSISTENT_ATTEMPTS) continue;
      throw new Error('the data kept changing while the KPIs were computed: ask again');
    }
    const results = new Map(compiled.statements.map((s, i) => [s, answers[i]!.filter((row) => row.present)]));
    const rows = joinFactRows(compiled, results);
    if (rows.length > MAX_KPI_ROWS) return { rows, asOf: null };
    // Every statement carries the as-of point; a result made of listed periods alone (no fact rows) reads it on its own, as the one statement did.
    const carried = answers.flat().find((row) => row.as_of !== null)?.as_of as string | undefined;
    const asOf = rows.length === 0 ? null : carried ?? (await selectRows<{ as_of: string | null }>(db, compiled.asOf))[0]?.as_of ?? null;
    return { rows, asOf };
  }
}

function typedResult(compiled: CompiledKpiQuery, { rows, asOf }: { rows: JoinedRow[]; asOf: string | null }): KpiResult {
  if (rows.length > MAX_KPI_ROWS) {
    throw badInput('groupBy', `the result has more than ${MAX_KPI_ROWS} rows: narrow the filter, group by fewer dimensions or use a coarser grain`);
  }
  const typed = rows.map((row) => {
    const values: Record<string, number | null> = {};
    compiled.measures.forEach((kpi, i) => {
      const value = row[`m${i}`];
      values[kpi.code] = value === null || value === undefined ? null : INTEGER_UNITS.has(kpi.unit) ? Math.round(Number(value)) : Number(value);
    });
    return {
      periodStart: (row.period_start as string | undefined) ?? null,
      orgUnitId: row.org_unit_id == null ? null : Number(row.org_unit_id),
      categoryId: row.category_id == null ? null : Number(row.category_id),
      channelId: row.channel_id == null ? null : Number(row.channel_id),
      segment: (row.segment as string | undefined) ?? null,
      flag: (row.flag as KpiResultRow['flag'] | undefined) ?? null,
      values,
    };
  });
  return { rows: typed, sources: compiled.sources, asOf: asOf ? new Date(asOf).toISOString() : null };
}
