import { sql, type Sql } from './sql.ts';

// SQL conditions on conformed dimensions by database id, shared by the entity
// lists, the KPI compiler and drill-through.

/** The row's org unit lies in one of these subtrees. */
export function inOrgUnitSubtrees(column: Sql, roots: readonly number[]): Sql {
  return sql`${column} IN (SELECT u.org_unit_id FROM dim_org_unit u JOIN dim_org_unit r ON u.path LIKE r.path || '%'
                           WHERE r.org_unit_id = ANY (${roots}::int[]))`;
}

/** The row's category is one of these, or a level-2 category of one of these groups. */
export function inCategories(column: Sql, categoryIds: readonly number[]): Sql {
  return sql`${column} IN (SELECT category_id FROM dim_category WHERE category_id = ANY (${categoryIds}::int[]) OR parent_id = ANY (${categoryIds}::int[]))`;
}

/** The row came in through one of these channels (codes). */
export function inChannels(column: Sql, codes: readonly string[]): Sql {
  return sql`${column} IN (SELECT channel_id FROM dim_channel WHERE code = ANY (${codes}::text[]))`;
}
