import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Sql } from 'sql-template-tag';
import { currentViewerSession, queryAsViewer } from '../auth/viewer-session.ts';
import { observeStatement } from '../observability/statement-observer.ts';

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

/** Rows already fetched (with selectRows), shaped as the entity: for a statement that returns more than the entity's columns. */
export function entitiesOf<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, rows: Record<string, unknown>[], prototype: object = Object.prototype): (T & Extras)[] {
  const hydrate = rowHydrator(db.getMetadata(entity));
  return rows.map((row) => hydrate(row, prototype) as T & Extras);
}

/** Columns a query adds beyond the entity's (e.g. a keyset sort key). */
export type Extras = { sortKey?: string; groupKey?: string };

export async function selectRows<T>(db: DataSource, query: Sql, options: RunOptions = {}): Promise<T[]> {
  return (await runQuery(db, query, options)) as T[];
}

export type RunOptions = {
  /**
   * Run as a named prepared statement: Postgres plans it once per connection.
   * Right for small lookups by id (the DataLoaders), where planning costs as
   * much as running; wrong for range and aggregate queries, whose best plan
   * depends on the values (a cached generic plan can be many times slower).
   */
  prepared?: boolean;
};

const statementNames = new Map<string, string>();

/** TypeORM's own pg pool. */
export function poolOf(db: DataSource): pg.Pool {
  return (db.driver as unknown as { master: pg.Pool }).master;
}

/**
 * Runs a statement on TypeORM's own pg pool, as a named prepared statement
 * when asked; inside a request (server/auth/viewer-session.ts) as the viewer,
 * under row-level security.
 */
async function runQuery(db: DataSource, query: Sql, options: RunOptions): Promise<Record<string, unknown>[]> {
  const pool = poolOf(db);
  let name: string | undefined;
  if (options.prepared) {
    name = statementNames.get(query.text);
    if (!name) {
      name = `cl_${createHash('sha1').update(query.text).digest('hex').slice(0, 16)}`;
      statementNames.set(query.text, name);
    }
  }
  const statement = { name, text: query.text, values: query.values };
  const session = currentViewerSession();
  return observeStatement(query.text, query.values.length, async () => (session ? await queryAsViewer(pool, session, statement) : await pool.query(statement)).rows);
}

const hydrators = new WeakMap<EntityMetadata, (row: Record<string, unknown>, prototype: object) => Record<string, unknown>>();

function rowHydrator(metadata: EntityMetadata) {
  let hydrate = hydrators.get(metadata);
  if (!hydrate) {
    const columns = metadata.columns.map((c) => [c.databaseName, c.propertyName] as const);
    hydrate = (row, prototype) => {
      const entity = Object.create(prototype) as Record<string, unknown>;
      for (const [column, property] of columns) if (column in row) entity[property] = row[column];
      if ('sort_key' in row) entity.sortKey = row.sort_key;
      if ('group_key' in row) entity.groupKey = String(row.group_key);
      return entity;
    };
    hydrators.set(metadata, hydrate);
  }
  return hydrate;
}

/** Runs parameterized SQL on a pool or a client of your own (a job's transaction, a cursor's client) and returns its rows. */
export async function rowsOf<T>(db: pg.Pool | pg.PoolClient, query: Sql): Promise<T[]> {
  return (await db.query(query.text, query.values)).rows as T[];
}
