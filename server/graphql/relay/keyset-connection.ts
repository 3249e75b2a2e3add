import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { selectEntities, selectRows, sql, type Extras, type Sql } from '../../db/sql.ts';
import { toConnection, type ConnectionResult, type PageRequest } from './connection.ts';
import { keysetPage, where, type SortKey } from './keyset.ts';

/**
 * A Relay connection over one fact or dimension table (aliased `c` in `from`):
 * one statement for the page, and one more for totalCount only if selected.
 */
export async function keysetConnection<T extends ObjectLiteral & { id: string }>(
  db: DataSource,
  entity: EntityTarget<T>,
  prototype: object,
  from: Sql,
  conditions: Sql[],
  key: SortKey,
  request: PageRequest,
): Promise<ConnectionResult<T & Extras>> {
  const rows = await selectEntities(db, entity, keysetPage(sql`c.*`, from, conditions, key, request), prototype);
  return toConnection(rows, request, (row) => ({ value: row.sortKey!, id: row.id }), async () => {
    const [count] = await selectRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${from} ${where(conditions)}`);
    return count!.n;
  });
}
