import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { raw, selectEntities, selectRows, sql, type Extras, type Sql } from '../../db/sql.ts';
import { toConnection, type ConnectionResult, type PageRequest } from './connection.ts';
import { keysetPage, where, type SortKey } from './keyset.ts';

/**
 * A Relay connection over one fact or dimension table (aliased `alias`, `c`
 * by default, in `from`): one statement for the page, and one more for
 * totalCount, only if selected. (Drill-through, which always counts, reads
 * both in one statement: server/graphql/kpi/contributor-page.ts.)
 */
export async function keysetConnection<T extends ObjectLiteral & { id: string }>(
  db: DataSource,
  entity: EntityTarget<T>,
  prototype: object,
  from: Sql,
  conditions: Sql[],
  key: SortKey,
  request: PageRequest,
  /** select: the columns to read (default all of the table's, `alias.*`). */
  options: { alias?: 'c' | 's'; select?: Sql } = {},
): Promise<ConnectionResult<T & Extras>> {
  const count = async () => (await selectRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${from} ${where(conditions)}`))[0]!.n;
  const rows = await selectEntities(db, entity, keysetPage(options.select ?? raw(`${options.alias ?? 'c'}.*`), from, conditions, key, request), prototype);
  return toConnection(rows, request, (row) => ({ value: row.sortKey!, id: row.id }), count);
}
