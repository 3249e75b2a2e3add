import type { CompiledKpiQuery, FactStatement, MeasureOutput } from './kpi-query.compiler.ts';

// Joins the facts' rows on the group keys, as the single statement's final
// SELECT did: every key tuple any fact has (and, for a plain time series,
// every period of the range) is a row; each fact's values are left-joined
// to it (none: null), the customer base on its own keys; the measures are
// worked out in float8 arithmetic, which JavaScript numbers are; rows are
// ordered by the keys. Identical results: kpi-correctness, the rollups ==
// facts property test and the KPI bench's responses check it.

export type FactRow = Record<string, string | number | boolean | null>;

/** A result row as the runner types it: the key columns, then m0, m1, … per measure. */
export type JoinedRow = Record<string, string | number | null>;

const ID_KEYS = new Set(['org_unit_id', 'category_id', 'channel_id']);

/** A key's value, the same whichever statement it comes from (an id may arrive as int4 or int8). */
function keyValue(column: string, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  return ID_KEYS.has(column) ? Number(value) : String(value);
}

const tupleOf = (row: FactRow, keys: readonly string[]) => JSON.stringify(keys.map((k) => keyValue(k, row[k])));

/** ORDER BY the keys: ascending, nulls last; text in code-point order (segments and flags are ASCII codes that differ in their first letter, so any collation agrees). */
function compareKeys(a: (string | number | null)[], b: (string | number | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i] ?? null, b[i] ?? null];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** The measure from the joined columns, as `(coalesce(n, 0)::float8 / nullif(d, 0)::float8 * scale)::float8` and friends computed it. */
function measureValue(output: MeasureOutput, column: (name: string) => number | null): number | null {
  switch (output.kind) {
    case 'part':
      return column(output.column) ?? 0;
    case 'holistic':
      return column(output.column);
    case 'ratio': {
      const denominator = column(output.denominator);
      if (denominator === null || denominator === 0) return null;
      return ((column(output.numerator) ?? 0) / denominator) * output.scale;
    }
  }
}

/** Joins each statement's rows (present ones only) into the result's rows. */
export function joinFactRows(compiled: CompiledKpiQuery, results: ReadonlyMap<FactStatement, FactRow[]>): JoinedRow[] {
  const { keys, outputs } = compiled;
  const facts = compiled.statements.filter((s) => s.name !== 'customer_base');
  const base = compiled.statements.find((s) => s.name === 'customer_base');
  // Each fact's rows by key tuple (a statement groups by all the keys: one row per tuple).
  const byFact = facts.map((fact) => new Map((results.get(fact) ?? []).map((row) => [tupleOf(row, keys), row])));
  const factOfColumn = new Map(facts.flatMap((fact, i) => fact.columns.map((name) => [name, i] as const)));
  const tuples = new Map<string, (string | number | null)[]>();
  for (const rows of byFact) for (const [tuple, row] of rows) if (!tuples.has(tuple)) tuples.set(tuple, keys.map((k) => keyValue(k, row[k])));
  for (const start of compiled.periods ?? []) {
    const tuple = JSON.stringify([start]);
    if (!tuples.has(tuple)) tuples.set(tuple, [start]);
  }
  const baseRows = base ? new Map((results.get(base) ?? []).map((row) => [tupleOf(row, base.keys), row])) : undefined;
  const baseKeyOf = (values: (string | number | null)[]): string => JSON.stringify(base!.keys.map((k) => {
    const value = values[keys.indexOf(k)]!;
    return k === 'period_start' && compiled.baseMonthOf && value !== null ? compiled.baseMonthOf(value as string) : value;
  }));

  const sorted = [...tuples.entries()].sort(([, a], [, b]) => compareKeys(a, b));
  return sorted.map(([tuple, values]) => {
    const rows = byFact.map((rowsOf) => rowsOf.get(tuple));
    const baseRow = baseRows?.get(baseKeyOf(values));
    const column = (name: string): number | null => {
      const value = name === 'customer_base' ? baseRow?.customer_base : rows[factOfColumn.get(name)!]?.[name];
      return value === null || value === undefined ? null : Number(value);
    };
    const joined: JoinedRow = {};
    keys.forEach((k, i) => (joined[k] = values[i]!));
    outputs.forEach((output, i) => (joined[`m${i}`] = measureValue(output, column)));
    return joined;
  });
}
