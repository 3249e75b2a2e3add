import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { entitiesOf, raw, selectResult, selectRows, sql, type Extras, type QueryResult, type Sql } from '../../db/sql.ts';
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
  /**
   * select: the columns to read (default all of the table's, `alias.*`);
   * around: the statement to run instead, given the page's (e.g. joining
   * more columns to its rows, in page order); joined: reads those from the
   * result, next to the rows.
   */
  options: { alias?: 'c' | 's'; select?: Sql; around?: (page: Sql) => Sql; joined?: (result: QueryResult, rows: (T & Extras)[]) => void } = {},
): Promise<ConnectionResult<T & Extras>> {
  const count = async () => (await selectRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${from} ${where(conditions)}`))[0]!.n;
  const page = keysetPage(options.select ?? raw(`${options.alias ?? 'c'}.*`), from, conditions, key, request);
  const result = await selectResult(db, options.around ? options.around(page) : page);
  const rows = entitiesOf(db, entity, result, prototype);
  options.joined?.(result, rows);
  return toConnection(rows, request, (row) => ({ value: row.sortKey!, id: row.id }), count);
}
