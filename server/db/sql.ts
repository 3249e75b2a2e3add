import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Sql } from 'sql-template-tag';

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
): Promise<(T & Extras)[]> {
  const rows: Record<string, unknown>[] = await db.query(query.text, query.values);
  const hydrate = rowHydrator(db.getMetadata(entity));
  return rows.map((row) => hydrate(row, prototype) as T & Extras);
}

/** Columns a query adds beyond the entity's (e.g. a keyset sort key). */
export type Extras = { sortKey?: string; groupKey?: string };

export async function selectRows<T>(db: DataSource, query: Sql): Promise<T[]> {
  return db.query(query.text, query.values);
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
