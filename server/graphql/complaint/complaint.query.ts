import type { Viewer } from '../../auth/viewer.ts';
import { ComplaintEntity } from '../../entities/complaint.entity.ts';
import type { GraphQLContext } from '../context.ts';
import { checkDateRange } from '../common/date-range.ts';
import { inCategories, inChannels, inOrgUnitSubtrees } from '../common/dimension-filters.ts';
import { inViewerScope } from '../common/scope.ts';
import { containsPattern } from '../common/text-search.ts';
import { fromGlobalId } from '../relay/global-id.ts';
import type { ComplaintFilter, ComplaintOrder } from './complaint.filter.ts';
import type { ComplaintColumns } from './complaint-columns.ts';
import { ComplaintType } from './complaint.type.ts';
import { sql, type Extras, type Sql } from '../../db/sql.ts';
import type { ConnectionResult, PageRequest } from '../relay/connection.ts';
import type { SortKey } from '../relay/keyset.ts';
import { keysetConnection } from '../relay/keyset-connection.ts';

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
  if (filter.orgUnitIds) conditions.push(inOrgUnitSubtrees(sql`c.org_unit_id`, filter.orgUnitIds, `${prefix}.orgUnitIds`));
  if (filter.categoryIds) conditions.push(inCategories(sql`c.category_id`, filter.categoryIds, `${prefix}.categoryIds`));
  if (filter.channels) conditions.push(inChannels(sql`c.channel_id`, filter.channels));
  if (filter.statuses) conditions.push(sql`c.status = ANY (${filter.statuses}::text[])`);
  if (filter.segments) {
    conditions.push(sql`c.customer_segment = ANY (${filter.segments}::text[])`);
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

/** One page of complaints (one statement, reading `columns`), and their total count on demand (one more). */
export function complaintPage(
  ctx: GraphQLContext,
  filter: ComplaintFilter | null | undefined,
  order: ComplaintOrder,
  request: PageRequest,
  columns: ComplaintColumns,
): Promise<ConnectionResult<ComplaintRow>> {
  const conditions = complaintConditions(ctx.viewer, filter, ctx.now);
  return keysetConnection(ctx.db, ComplaintEntity, ComplaintType.prototype, sql`fact_complaint c`, conditions, complaintSortKey(order), request, { select: columns.select });
}
