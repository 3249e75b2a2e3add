import { sql, type Sql } from '../../db/sql.ts';
import { fromGlobalId } from '../relay/global-id.ts';

// Filter conditions on conformed dimensions, shared by every fact's list.

/** The row's org unit lies in one of these subtrees (ids of OrgUnit). */
export function inOrgUnitSubtrees(column: Sql, orgUnitIds: readonly string[], field: string): Sql {
  const roots = orgUnitIds.map((id, i) => Number(fromGlobalId('OrgUnit', id, `${field}[${i}]`)));
  return sql`${column} IN (SELECT u.org_unit_id FROM dim_org_unit u JOIN dim_org_unit r ON u.path LIKE r.path || '%'
                           WHERE r.org_unit_id = ANY (${roots}::int[]))`;
}

/** The row's category is one of these, or a level-2 category of one of these groups. */
export function inCategories(column: Sql, categoryIds: readonly string[], field: string): Sql {
  const ids = categoryIds.map((id, i) => Number(fromGlobalId('Category', id, `${field}[${i}]`)));
  return sql`${column} IN (SELECT category_id FROM dim_category WHERE category_id = ANY (${ids}::int[]) OR parent_id = ANY (${ids}::int[]))`;
}

/** The row came in through one of these channels (codes). */
export function inChannels(column: Sql, codes: readonly string[]): Sql {
  return sql`${column} IN (SELECT channel_id FROM dim_channel WHERE code = ANY (${codes}::text[]))`;
}
