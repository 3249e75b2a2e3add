import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { entitiesOf, raw, selectResults, selectRows, sql, type Extras, type QueryResult, type Sql } from '../../db/sql.ts';
import { toConnection, type ConnectionResult, type PageRequest } from './connection.ts';
import { keysetPage, where, type SortKey } from './keyset.ts';

/**
 * Statements sent with a page in its round trip (server/db/sql.ts
 * selectResults), for its rows' relations: built from `pageOf(select)`, the
 * page's own statement reading `select` (say, its rows' ids), which they read
 * again in the same snapshot instead of waiting for the page's answer.
 */
export type Alongside<T> = {
  statements: (pageOf: (select: Sql) => Sql) => Sql[];
  /** Their results, in order, next to the page's rows. */
  read: (results: QueryResult[], rows: T[]) => void;
};

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
  options: { alias?: 'c' | 's'; select?: Sql; around?: (page: Sql) => Sql; joined?: (result: QueryResult, rows: (T & Extras)[]) => void; alongside?: Alongside<T & Extras> } = {},
): Promise<ConnectionResult<T & Extras>> {
  const count = async () => (await selectRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${from} ${where(conditions)}`))[0]!.n;
  const pageOf = (select: Sql) => keysetPage(select, from, conditions, key, request);
  const page = pageOf(options.select ?? raw(`${options.alias ?? 'c'}.*`));
  const companions = options.alongside?.statements(pageOf) ?? [];
  const [result, ...companionResults] = await selectResults(db, [options.around ? options.around(page) : page, ...companions]);
  const rows = entitiesOf(db, entity, result!, prototype);
  options.joined?.(result!, rows);
  if (companions.length > 0) options.alongside!.read(companionResults, rows);
  return toConnection(rows, request, (row) => ({ value: row.sortKey!, id: row.id }), count);
}
