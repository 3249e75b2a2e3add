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
import { entitiesOf, joinedColumns, joinedEntitiesOf, raw, sql, type Extras, type QueryResult, type Sql } from '../../db/sql.ts';
import { SurveyEntity } from '../../entities/survey.entity.ts';
import { childPagesOf, complaintsOfCustomersStatement, surveysByComplaint, surveysOfComplaintsStatement } from '../loaders.ts';
import { SurveyType } from '../survey/survey.type.ts';
import type { NestedSelection } from './complaint-prefetch.ts';
import { CustomerEntity } from '../../entities/customer.entity.ts';
import { CustomerType } from '../customer/customer.type.ts';
import type { ConnectionResult, PageRequest } from '../relay/connection.ts';
import type { SortKey } from '../relay/keyset.ts';
import { keysetConnection, type Alongside } from '../relay/keyset-connection.ts';

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

/**
 * One page of complaints (one statement, reading `columns`), and their total
 * count on demand (one more). With `nested` (what the query asks of the
 * page's rows, server/graphql/complaint/complaint-prefetch.ts): each
 * complaint's customer comes in the same statement, and the surveys and the
 * customers' own complaint pages in the same round trip (pageRelations),
 * priming their loaders, so that none of them costs a round trip of its own.
 */
export function complaintPage(
  ctx: GraphQLContext,
  filter: ComplaintFilter | null | undefined,
  order: ComplaintOrder,
  request: PageRequest,
  columns: ComplaintColumns,
  nested?: NestedSelection,
): Promise<ConnectionResult<ComplaintRow>> {
  const conditions = complaintConditions(ctx.viewer, filter, ctx.now);
  const key = complaintSortKey(order);
  const joined = nested?.customer
    ? { around: (page: Sql) => withCustomers(ctx, page, key, request), joined: (result: QueryResult, rows: ComplaintRow[]) => primeCustomers(ctx, result, rows) }
    : {};
  const alongside = nested && pageRelations(ctx, nested, columns);
  return keysetConnection(ctx.db, ComplaintEntity, ComplaintType.prototype, sql`fact_complaint c`, conditions, key, request, { select: columns.select, ...joined, ...(alongside ? { alongside } : {}) });
}

/**
 * The page's surveys and its customers' own complaint pages, as their
 * loaders read them (server/graphql/loaders.ts), for the ids the page's
 * statement selects: sent with the page, read in its snapshot. Without this
 * they waited for the page's answer, then went out on two more connections:
 * a second round trip and two more viewer transactions (bench:api).
 */
function pageRelations(ctx: GraphQLContext, nested: NestedSelection, columns: ComplaintColumns): Alongside<ComplaintRow> | undefined {
  const customerPages = nested.customer ? nested.customerComplaints : [];
  if (!nested.surveys && customerPages.length === 0) return undefined;
  return {
    statements: (pageOf) => [
      ...(nested.surveys ? [surveysOfComplaintsStatement(ctx.viewer, (column) => sql`${column} IN (SELECT page.complaint_id FROM (${pageOf(sql`c.complaint_id`)}) page)`)] : []),
      ...customerPages.map((page) => complaintsOfCustomersStatement(ctx.viewer, sql`(SELECT DISTINCT page.customer_id FROM (${pageOf(sql`c.customer_id`)}) page) AS parent(id)`, page, columns.select)),
    ],
    read: (results, rows) => {
      let next = 0;
      if (nested.surveys) {
        const complaintIds = rows.map((row) => row.id);
        const surveys = surveysByComplaint(complaintIds, entitiesOf(ctx.db, SurveyEntity, results[next++]!, SurveyType.prototype));
        complaintIds.forEach((id, i) => ctx.loaders.surveysOfComplaint.prime(id, surveys[i]!));
      }
      const customerIds = [...new Set(rows.map((row) => row.customerId))];
      for (const page of customerPages) {
        const pages = childPagesOf(customerIds, entitiesOf(ctx.db, ComplaintEntity, results[next++]!, ComplaintType.prototype), page);
        customerIds.forEach((parentId, i) => ctx.loaders.complaintsOfCustomer.prime({ parentId, request: page, columns }, pages[i]!));
      }
    },
  };
}

const CUSTOMER = 'customer.';

/**
 * The page's statement, as a subquery (its plan is the page's alone: the
 * join never runs before the LIMIT), with each row's customer beside it:
 * the customer loader's statement (the viewer's scope included), one index
 * lookup per row. Null where the customer is outside the viewer's scope, as
 * the loader answers. Ordered again outside, which costs a sort of the
 * page's few rows at most.
 */
function withCustomers(ctx: GraphQLContext, page: Sql, key: SortKey, request: PageRequest): Sql {
  const direction = raw(key.descending !== request.backward ? 'DESC' : 'ASC');
  return sql`SELECT page.*, ${joinedColumns(ctx.db, CustomerEntity, 'cu', CUSTOMER)} FROM (${page}) page
             LEFT JOIN LATERAL (SELECT cu.* FROM dim_customer cu WHERE cu.customer_id = page.customer_id AND ${inViewerScope(ctx.viewer, sql`cu.org_unit_id`)} OFFSET 0) cu ON TRUE
             ORDER BY page.sort_key::${raw(key.type)} ${direction}, page.complaint_id ${direction}`;
}

function primeCustomers(ctx: GraphQLContext, result: QueryResult, rows: ComplaintRow[]): void {
  const customers = joinedEntitiesOf(ctx.db, CustomerEntity, CUSTOMER, result, CustomerType.prototype);
  rows.forEach((row, i) => ctx.loaders.customer.prime(row.customerId, customers[i] ?? null));
}
