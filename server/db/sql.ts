import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type pg from 'pg';
import { raw, type Sql } from 'sql-template-tag';
import { currentViewerSession, queriesAsViewer, queryAsViewer } from '../auth/viewer-session.ts';
import { observeStatement, observeStatements } from '../observability/statement-observer.ts';
import { statementName, type Prepare } from './statement-names.ts';
import { inTransaction } from './transaction.ts';

export { default as sql, empty, join, raw, Sql } from 'sql-template-tag';

/**
 * Runs parameterized SQL (built with the `sql` tag: values never enter the
 * text) and returns rows shaped as the entity, using the entity's column
 * mapping so names are defined once, in server/entities.
 */
export async function selectEntities<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  query: Sql,
  /** Build each row on this prototype (e.g. the GraphQL object type's), instead of a plain object. */
  prototype: object = Object.prototype,
  options: RunOptions = {},
): Promise<(T & Extras)[]> {
  return entitiesOf(db, entity, await runQuery(db, query, options), prototype);
}

/** A result already fetched (with selectResult), shaped as the entity: for a statement that returns more than the entity's columns. */
export function entitiesOf<T extends ObjectLiteral>(
  db: DataSource, entity: EntityTarget<T>, result: { rows: Record<string, unknown>[]; fields: readonly pg.FieldDef[] }, prototype: object = Object.prototype,
): (T & Extras)[] {
  const hydrate = rowHydrator(db.getMetadata(entity), result.fields);
  return result.rows.map((row) => hydrate(row, prototype) as T & Extras);
}

/**
 * A second entity joined into each row of a result, its columns aliased
 * `${prefix}${column}` (see joinedColumns): one per row, null where the
 * LEFT JOIN found none (its first column, the key, is null).
 */
export function joinedEntitiesOf<T extends ObjectLiteral>(
  db: DataSource, entity: EntityTarget<T>, prefix: string, result: { rows: Record<string, unknown>[]; fields: readonly pg.FieldDef[] }, prototype: object = Object.prototype,
): (T | null)[] {
  const metadata = db.getMetadata(entity);
  const hydrate = rowHydrator(metadata, result.fields, prefix);
  const key = `${prefix}${metadata.primaryColumns[0]!.databaseName}`;
  return result.rows.map((row) => (row[key] == null ? null : (hydrate(row, prototype) as T)));
}

/** The select list for joinedEntitiesOf: every column of the entity under `alias`, as `"${prefix}${column}"`. */
export function joinedColumns(db: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string, prefix: string): Sql {
  const metadata = db.getMetadata(entity);
  let select = joinedSelects.get(metadata)?.get(`${alias} ${prefix}`);
  if (!select) {
    const columns = [...metadata.primaryColumns, ...metadata.columns.filter((c) => !c.isPrimary)];
    select = raw(columns.map((c) => `${alias}.${c.databaseName} AS "${prefix}${c.databaseName}"`).join(', '));
    if (!joinedSelects.has(metadata)) joinedSelects.set(metadata, new Map());
    joinedSelects.get(metadata)!.set(`${alias} ${prefix}`, select);
  }
  return select;
}
const joinedSelects = new WeakMap<EntityMetadata, Map<string, Sql>>();

const texts = new WeakMap<Sql, string>();

/**
 * A statement's text, built once per Sql object: sql-template-tag builds it
 * anew on every read, and a new string of the same text must be hashed
 * again wherever it is a key (statement-names.ts: ~12 µs for a 4 KB KPI
 * statement). The KPI statements are compiled once and run all day.
 */
export function textOf(query: Sql): string {
  let text = texts.get(query);
  if (text === undefined) texts.set(query, (text = query.text));
  return text;
}

/** A fetched result: its rows and their fields. */
export type QueryResult = { rows: Record<string, unknown>[]; fields: readonly pg.FieldDef[] };

/** Columns a query adds beyond the entity's (e.g. a keyset sort key). */
export type Extras = { sortKey?: string; groupKey?: string };

export async function selectRows<T>(db: DataSource, query: Sql, options: RunOptions = {}): Promise<T[]> {
  return (await runQuery(db, query, options)).rows as T[];
}

/** Runs parameterized SQL and returns the whole result: rows and their fields (see entitiesOf). */
export function selectResult(db: DataSource, query: Sql, options: RunOptions = {}): Promise<pg.QueryResult<Record<string, unknown>>> {
  return runQuery(db, query, options);
}

/**
 * Runs statements that would otherwise wait for each other's answers (a page,
 * then its rows' relations, each written to read the page again) in one
 * read-only transaction, so they read one snapshot: as the viewer, in one
 * round trip (server/auth/viewer-session.ts queriesAsViewer); outside a
 * request, one after the other on one connection. One result per statement,
 * in order.
 */
export function selectResults(db: DataSource, queries: readonly Sql[]): Promise<pg.QueryResult<Record<string, unknown>>[]> {
  if (queries.length === 1) return Promise.all([runQuery(db, queries[0]!, {})]);
  const pool = poolOf(db);
  const session = currentViewerSession();
  const statements = queries.map((query) => ({ text: textOf(query), values: query.values }));
  const parameters = queries.reduce((n, query) => n + query.values.length, 0);
  return observeStatements(statements.map((s) => s.text), parameters, () =>
    session ? queriesAsViewer(pool, session, statements) : inOneSnapshot(pool, statements));
}

function inOneSnapshot(pool: pg.Pool, statements: pg.QueryConfig[]): Promise<pg.QueryResult<Record<string, unknown>>[]> {
  return inTransaction(pool, async (client) => {
    await client.query('SET TRANSACTION READ ONLY ISOLATION LEVEL REPEATABLE READ');
    const results: pg.QueryResult<Record<string, unknown>>[] = [];
    for (const statement of statements) results.push(await client.query(statement));
    return results;
  });
}

export type RunOptions = {
  /** Run as a named prepared statement, and how Postgres plans it (server/db/statement-names.ts). */
  prepare?: Prepare;
};

/** TypeORM's own pg pool. */
export function poolOf(db: DataSource): pg.Pool {
  return (db.driver as unknown as { master: pg.Pool }).master;
}

/**
 * Runs a statement on TypeORM's own pg pool, as a named prepared statement
 * when asked (RunOptions); inside a request (server/auth/viewer-session.ts)
 * as the viewer, under row-level security.
 */
async function runQuery(db: DataSource, query: Sql, options: RunOptions): Promise<pg.QueryResult<Record<string, unknown>>> {
  const pool = poolOf(db);
  const session = currentViewerSession();
  // Planning each run needs the viewer's transaction, where the setting is local; KPI texts are named only there too.
  const prepare = options.prepare !== 'reuse-plan' && !session ? undefined : options.prepare;
  const text = textOf(query);
  const name = prepare ? statementName(text, prepare) : undefined;
  const statement = { name, text, values: query.values };
  const planning = prepare === 'plan-each-run' ? 'force_custom_plan' : 'auto';
  return observeStatement(text, query.values.length, async () => session ? await queryAsViewer(pool, session, statement, planning) : await pool.query(statement));
}

type Hydrate = (row: Record<string, unknown>, prototype: object) => Record<string, unknown>;
const hydrators = new WeakMap<EntityMetadata, Map<string, Hydrate>>();

/**
 * Builds entities from the rows of one result: its columns (the result's
 * fields: a query may read only some) copied to the entity's property names.
 * Made once per entity and column list, so each row costs only the copies.
 */
function rowHydrator(metadata: EntityMetadata, fields: readonly pg.FieldDef[], prefix = ''): Hydrate {
  let byColumns = hydrators.get(metadata);
  if (!byColumns) hydrators.set(metadata, (byColumns = new Map()));
  const names = fields.map((field) => field.name);
  const key = `${prefix}|${names.join(',')}`;
  let hydrate = byColumns.get(key);
  if (!hydrate) {
    // With a prefix: only the columns so aliased (a joined entity), and no extras (they are the row's own).
    const propertyOf = new Map(metadata.columns.map((c) => [`${prefix}${c.databaseName}`, c.propertyName]));
    const columns: string[] = [];
    const properties: string[] = [];
    for (const name of names) {
      const property = propertyOf.get(name);
      if (property) columns.push(name), properties.push(property);
    }
    const hasSortKey = !prefix && names.includes('sort_key');
    const hasGroupKey = !prefix && names.includes('group_key');
    hydrate = (row, prototype) => {
      const entity = Object.create(prototype) as Record<string, unknown>;
      for (let i = 0; i < columns.length; i++) entity[properties[i]!] = row[columns[i]!];
      if (hasSortKey) entity.sortKey = row.sort_key;
      if (hasGroupKey) entity.groupKey = String(row.group_key);
      return entity;
    };
    byColumns.set(key, hydrate);
  }
  return hydrate;
}

/** Runs parameterized SQL on a pool or a client of your own (a job's transaction, a cursor's client) and returns its rows. */
export async function rowsOf<T>(db: pg.Pool | pg.PoolClient, query: Sql): Promise<T[]> {
  return (await db.query(query.text, query.values)).rows as T[];
}
