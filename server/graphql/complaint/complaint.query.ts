import type { Viewer } from '../../auth/viewer.ts';
import { ComplaintEntity } from '../../entities/complaint.entity.ts';
import { selectEntities, selectRows, sql, type Extras, type Sql } from '../../db/sql.ts';
import type { GraphQLContext } from '../context.ts';
import { checkDateRange } from '../common/date-range.ts';
import { inViewerScope } from '../common/scope.ts';
import { containsPattern } from '../common/text-search.ts';
import { toConnection, type ConnectionResult, type PageRequest } from '../relay/connection.ts';
import { fromGlobalId } from '../relay/global-id.ts';
import { keysetPage, where, type SortKey } from '../relay/keyset.ts';
import type { ComplaintFilter, ComplaintOrder } from './complaint.filter.ts';
import { ComplaintType } from './complaint.type.ts';

export type ComplaintRow = ComplaintEntity & Extras;

const SORT_COLUMNS = {
  RECEIVED_AT: { column: sql`c.received_at`, type: 'timestamptz' },
  SLA_DUE_AT: { column: sql`c.sla_due_at`, type: 'timestamptz' },
  ID: { column: sql`c.complaint_id`, type: 'bigint' },
} as const;

export const NEWEST_FIRST: ComplaintOrder = { field: 'RECEIVED_AT', direction: 'DESC' };

export function complaintSortKey(order: ComplaintOrder): SortKey {
  const { column, type } = SORT_COLUMNS[order.field];
  return { column, type, id: sql`c.complaint_id`, descending: order.direction === 'DESC' };
}

/** The WHERE conditions of a complaint filter, always including the viewer's scope. */
export function complaintConditions(viewer: Viewer, filter: ComplaintFilter | null | undefined, now: Date, prefix = 'filter'): Sql[] {
  const conditions = [inViewerScope(viewer, sql`c.org_unit_id`)];
  if (!filter) return conditions;
  const received = checkDateRange(filter.receivedDate, `${prefix}.receivedDate`);
  if (received) conditions.push(sql`c.received_date BETWEEN ${received.from}::date AND ${received.to}::date`);
  const resolved = checkDateRange(filter.resolvedDate, `${prefix}.resolvedDate`);
  if (resolved) conditions.push(sql`c.resolved_date BETWEEN ${resolved.from}::date AND ${resolved.to}::date`);
  if (filter.orgUnitIds) {
    const roots = filter.orgUnitIds.map((id, i) => Number(fromGlobalId('OrgUnit', id, `${prefix}.orgUnitIds[${i}]`)));
    conditions.push(sql`c.org_unit_id IN (SELECT u.org_unit_id FROM dim_org_unit u JOIN dim_org_unit r ON u.path LIKE r.path || '%'
                                          WHERE r.org_unit_id = ANY (${roots}::int[]))`);
  }
  if (filter.categoryIds) {
    const ids = filter.categoryIds.map((id, i) => Number(fromGlobalId('Category', id, `${prefix}.categoryIds[${i}]`)));
    conditions.push(sql`c.category_id IN (SELECT category_id FROM dim_category WHERE category_id = ANY (${ids}::int[]) OR parent_id = ANY (${ids}::int[]))`);
  }
  if (filter.channels) conditions.push(sql`c.channel_id IN (SELECT channel_id FROM dim_channel WHERE code = ANY (${filter.channels}::text[]))`);
  if (filter.statuses) conditions.push(sql`c.status = ANY (${filter.statuses}::text[])`);
  if (filter.segments) {
    conditions.push(sql`EXISTS (SELECT 1 FROM dim_customer cu WHERE cu.customer_id = c.customer_id AND cu.segment = ANY (${filter.segments}::text[]))`);
  }
  if (filter.customerId != null) conditions.push(sql`c.customer_id = ${fromGlobalId('Customer', filter.customerId, `${prefix}.customerId`)}::bigint`);
  if (filter.isRepeat != null) conditions.push(sql`c.is_repeat = ${filter.isRepeat}`);
  if (filter.overdue != null) {
    const overdue = sql`(c.resolved_at IS NULL AND c.sla_due_at < ${now}::timestamptz)`;
    conditions.push(filter.overdue ? overdue : sql`NOT ${overdue}`);
  }
  if (filter.exempt != null) conditions.push(filter.exempt ? sql`c.exemption_filing_id IS NOT NULL` : sql`c.exemption_filing_id IS NULL`);
  const pattern = containsPattern(filter.search, `${prefix}.search`);
  if (pattern) conditions.push(sql`c.description ILIKE ${pattern}`);
  return conditions;
}

/** One page of complaints (one statement), and their total count on demand (one more). */
export async function complaintPage(
  ctx: GraphQLContext,
  filter: ComplaintFilter | null | undefined,
  order: ComplaintOrder,
  request: PageRequest,
): Promise<ConnectionResult<ComplaintRow>> {
  const conditions = complaintConditions(ctx.viewer, filter, ctx.now);
  const rows = await selectEntities(ctx.db, ComplaintEntity, keysetPage(sql`c.*`, sql`fact_complaint c`, conditions, complaintSortKey(order), request), ComplaintType.prototype);
  return toConnection(rows, request, (row) => ({ value: row.sortKey!, id: row.id }), async () => {
    const [count] = await selectRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM fact_complaint c ${where(conditions)}`);
    return count!.n;
  });
}
