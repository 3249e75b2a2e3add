import { CustomerEntity } from '../../entities/customer.entity.ts';
import { selectEntities, selectRows, sql, type Extras, type Sql } from '../../db/sql.ts';
import { inViewerScope } from '../common/scope.ts';
import { containsPattern } from '../common/text-search.ts';
import type { GraphQLContext } from '../context.ts';
import { toConnection, type ConnectionResult, type PageRequest } from '../relay/connection.ts';
import { fromGlobalId } from '../relay/global-id.ts';
import { keysetPage, where, type SortKey } from '../relay/keyset.ts';
import type { CustomerFilter, CustomerOrder } from './customer.filter.ts';
import { CustomerType } from './customer.type.ts';

export const CUSTOMERS_BY_ID: CustomerOrder = { field: 'ID', direction: 'ASC' };

function sortKey(order: CustomerOrder): SortKey {
  const column = order.field === 'CONNECTED_ON' ? sql`c.connected_on` : sql`c.customer_id`;
  return { column, type: order.field === 'CONNECTED_ON' ? 'date' : 'bigint', id: sql`c.customer_id`, descending: order.direction === 'DESC' };
}

function customerConditions(ctx: GraphQLContext, filter: CustomerFilter | null | undefined): Sql[] {
  const conditions = [inViewerScope(ctx.viewer, sql`c.org_unit_id`)];
  if (!filter) return conditions;
  if (filter.orgUnitIds) {
    const roots = filter.orgUnitIds.map((id, i) => Number(fromGlobalId('OrgUnit', id, `filter.orgUnitIds[${i}]`)));
    conditions.push(sql`c.org_unit_id IN (SELECT u.org_unit_id FROM dim_org_unit u JOIN dim_org_unit r ON u.path LIKE r.path || '%'
                                          WHERE r.org_unit_id = ANY (${roots}::int[]))`);
  }
  if (filter.segments) conditions.push(sql`c.segment = ANY (${filter.segments}::text[])`);
  if (filter.utilities) conditions.push(sql`c.utility = ANY (${filter.utilities}::text[])`);
  if (filter.flags) {
    conditions.push(sql`EXISTS (SELECT 1 FROM dim_customer_flag f WHERE f.customer_id = c.customer_id AND f.flag = ANY (${filter.flags}::text[])
                                AND f.valid_from <= ${ctx.now}::date AND (f.valid_to IS NULL OR f.valid_to >= ${ctx.now}::date))`);
  }
  const pattern = containsPattern(filter.search, 'filter.search');
  if (pattern) conditions.push(sql`(c.account_no ILIKE ${pattern} OR c.name ILIKE ${pattern})`);
  return conditions;
}

export async function customerPage(ctx: GraphQLContext, filter: CustomerFilter | null | undefined, order: CustomerOrder, request: PageRequest): Promise<ConnectionResult<CustomerEntity & Extras>> {
  const conditions = customerConditions(ctx, filter);
  const rows = await selectEntities(ctx.db, CustomerEntity, keysetPage(sql`c.*`, sql`dim_customer c`, conditions, sortKey(order), request), CustomerType.prototype);
  return toConnection(rows, request, (row) => ({ value: row.sortKey!, id: row.id }), async () => {
    const [count] = await selectRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM dim_customer c ${where(conditions)}`);
    return count!.n;
  });
}
