import { maySearchByName } from '../../auth/pii-mask-policy.ts';
import { CustomerEntity } from '../../entities/customer.entity.ts';
import { inOrgUnitSubtrees } from '../common/dimension-filters.ts';
import { inViewerScope } from '../common/scope.ts';
import { containsPattern } from '../common/text-search.ts';
import type { GraphQLContext } from '../context.ts';
import type { CustomerFilter, CustomerOrder } from './customer.filter.ts';
import { CustomerType } from './customer.type.ts';
import { sql, type Extras, type Sql } from '../../db/sql.ts';
import type { ConnectionResult, PageRequest } from '../relay/connection.ts';
import type { SortKey } from '../relay/keyset.ts';
import { keysetConnection } from '../relay/keyset-connection.ts';

export const CUSTOMERS_BY_ID: CustomerOrder = { field: 'ID', direction: 'ASC' };

function sortKey(order: CustomerOrder): SortKey {
  const column = order.field === 'CONNECTED_ON' ? sql`c.connected_on` : sql`c.customer_id`;
  return { column, type: order.field === 'CONNECTED_ON' ? 'date' : 'bigint', id: sql`c.customer_id`, descending: order.direction === 'DESC' };
}

function customerConditions(ctx: GraphQLContext, filter: CustomerFilter | null | undefined): Sql[] {
  const conditions = [inViewerScope(ctx.viewer, sql`c.org_unit_id`)];
  if (!filter) return conditions;
  if (filter.orgUnitIds) conditions.push(inOrgUnitSubtrees(sql`c.org_unit_id`, filter.orgUnitIds, 'filter.orgUnitIds'));
  if (filter.segments) conditions.push(sql`c.segment = ANY (${filter.segments}::text[])`);
  if (filter.utilities) conditions.push(sql`c.utility = ANY (${filter.utilities}::text[])`);
  if (filter.flags) {
    conditions.push(sql`EXISTS (SELECT 1 FROM dim_customer_flag f WHERE f.customer_id = c.customer_id AND f.flag = ANY (${filter.flags}::text[])
                                AND f.valid_from <= ${ctx.now}::date AND (f.valid_to IS NULL OR f.valid_to >= ${ctx.now}::date))`);
  }
  const pattern = containsPattern(filter.search, 'filter.search');
  if (pattern) conditions.push(maySearchByName(ctx.viewer) ? sql`(c.account_no ILIKE ${pattern} OR c.name ILIKE ${pattern})` : sql`c.account_no ILIKE ${pattern}`);
  return conditions;
}

export function customerPage(ctx: GraphQLContext, filter: CustomerFilter | null | undefined, order: CustomerOrder, request: PageRequest): Promise<ConnectionResult<CustomerEntity & Extras>> {
  return keysetConnection(ctx.db, CustomerEntity, CustomerType.prototype, sql`dim_customer c`, customerConditions(ctx, filter), sortKey(order), request);
}
