import { empty, join, raw, sql, type Sql } from '../../db/sql.ts';
import type { PageRequest } from './connection.ts';

/** How a list is ordered: a sort column, then the id to break ties. */
export type SortKey = {
  column: Sql;
  /** The column's type, to turn the cursor's text back into a comparable value. */
  type: 'timestamptz' | 'bigint' | 'date' | 'text';
  id: Sql;
  descending: boolean;
};

export function where(conditions: readonly Sql[]): Sql {
  return conditions.length === 0 ? empty : sql`WHERE ${join(conditions, ' AND ')}`;
}

/**
 * One page of rows in keyset order: the rows strictly after (or, paging
 * backward, before) the cursor, `limit + 1` of them so the caller knows
 * whether more exist. Adds `sort_key`, the sort value as text at full
 * precision, for the cursors.
 */
export function keysetPage(select: Sql, from: Sql, conditions: readonly Sql[], key: SortKey, request: PageRequest): Sql {
  // Reading backward flips the order; the caller reverses the rows back.
  const descending = key.descending !== request.backward;
  const direction = raw(descending ? 'DESC' : 'ASC');
  const all = [...conditions];
  if (request.cursor) {
    const comparison = raw(descending ? '<' : '>');
    all.push(sql`(${key.column}, ${key.id}) ${comparison} (${request.cursor.value}::${raw(key.type)}, ${request.cursor.id}::bigint)`);
  }
  return sql`SELECT ${select}, (${key.column})::text AS sort_key FROM ${from} ${where(all)}
             ORDER BY ${key.column} ${direction}, ${key.id} ${direction} LIMIT ${request.limit + 1}`;
}
