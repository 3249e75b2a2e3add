import { LRUCache } from 'lru-cache';
import type { DataSource } from 'typeorm';
import { selectRows } from '../db/sql.ts';
import { badInput } from '../graphql/common/api-error.ts';
import { kpiCacheOf } from './kpi-cache.ts';
import { compileKpiQuery, type CompiledKpiQuery } from './kpi-query.compiler.ts';
import { MAX_KPI_ROWS, type KpiQuery, type KpiResultRow } from './kpi-query.ts';

type RawRow = Record<string, string | number | null>;

const INTEGER_UNITS = new Set(['count']);

export type KpiResult = {
  rows: KpiResultRow[];
  /** Per measure: the rollup table(s) that answered it, or "facts". */
  sources: Record<string, string>;
  /** The data's as-of point (ISO), when known. */
  asOf: string | null;
};

/** Runs a KPI query (one statement) and returns typed rows, or an error when the result is too large. */
export async function runKpiQuery(db: DataSource, query: KpiQuery): Promise<KpiResult> {
  if (query.filter.to < query.filter.from) throw badInput('filter.dateRange', `\`to\` (${query.filter.to}) is before \`from\` (${query.filter.from})`);
  const compiled = compiledQuery(query);
  const run = async () => typedResult(compiled, await selectRows<RawRow>(db, compiled.statement, { prepared: preparedRun(compiled) }));
  const cache = kpiCacheOf<KpiResult>(db);
  if (!cache) return run();
  const { value, cached } = await cache.answer(db, compiled.statement, run);
  // Read from the facts, the data is as of the moment asked; unchanged since it was cached, so as of now.
  if (cached && Object.values(value.sources).every((source) => source === 'facts')) value.asOf = new Date().toISOString();
  return value;
}

/**
 * Compiled statements by query (its viewer, filters, measures…: everything
 * the compile reads). Compiling builds a few kilobytes of SQL text (0.1–0.2
 * ms of CPU per kpis field); the dashboard sends the same few queries all
 * day. Only the SQL is kept here, never an answer: every run still executes.
 */
const compiledQueries = new LRUCache<string, CompiledKpiQuery>({ max: 500 });

function compiledQuery(query: KpiQuery): CompiledKpiQuery {
  const key = JSON.stringify(query);
  let compiled = compiledQueries.get(key);
  if (!compiled) compiledQueries.set(key, (compiled = compileKpiQuery(query)));
  return compiled;
}

/** At most this many statement texts are ever prepared (so each pooled connection holds at most as many plans). */
const PREPARED_TEXTS_MAX = 100;
/** A text is prepared from its third run on: the dashboard's repeated queries, not every one-off. */
const PREPARE_FROM_RUN = 3;
const runsByText = new LRUCache<string, number>({ max: 1_000 });
const preparedTexts = new Set<string>();

/**
 * Whether to run the statement as a named prepared statement, which Postgres
 * parses and plans once per connection (server/db/sql.ts): planning is a
 * fifth of the Overview's Postgres CPU (its three statements: 9.7–9.9 ms
 * unprepared, 7.8–8.2 ms prepared; the hand-written SQL 7.8 ms). Only for
 * statements over the rollups: after five runs Postgres may keep a generic
 * plan, which on tables of rollup size costs little whatever the range, but
 * could be many times slower on the facts (where planning is also a small
 * part of the time). Bounded, since a connection keeps its prepared
 * statements: the repeated texts only, at most PREPARED_TEXTS_MAX.
 */
function preparedRun(compiled: CompiledKpiQuery): boolean {
  if (!compiled.rollupsOnly) return false;
  const { text } = compiled.statement;
  if (preparedTexts.has(text)) return true;
  const runs = (runsByText.get(text) ?? 0) + 1;
  runsByText.set(text, runs);
  if (runs < PREPARE_FROM_RUN || preparedTexts.size >= PREPARED_TEXTS_MAX) return false;
  preparedTexts.add(text);
  return true;
}

function typedResult(compiled: ReturnType<typeof compileKpiQuery>, rows: RawRow[]): KpiResult {
  if (rows.length > MAX_KPI_ROWS) {
    throw badInput('groupBy', `the result has more than ${MAX_KPI_ROWS} rows: narrow the filter, group by fewer dimensions or use a coarser grain`);
  }
  const asOf = (rows[0]?.as_of as string | null | undefined) ?? null;
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
  // A copy: the compiled query is shared by every run of the same query.
  return { rows: typed, sources: { ...compiled.sources }, asOf: asOf ? new Date(asOf).toISOString() : null };
}
