import { SurveyEntity } from '../../entities/survey.entity.ts';
import { selectEntities, selectRows, sql, type Extras, type Sql } from '../../db/sql.ts';
import { badInput } from '../common/api-error.ts';
import { checkDateRange } from '../common/date-range.ts';
import { inViewerScope } from '../common/scope.ts';
import type { GraphQLContext } from '../context.ts';
import { toConnection, type ConnectionResult, type PageRequest } from '../relay/connection.ts';
import { fromGlobalId } from '../relay/global-id.ts';
import { keysetPage, where, type SortKey } from '../relay/keyset.ts';
import type { SurveyFilter, SurveyOrder } from './survey.filter.ts';
import { SurveyType } from './survey.type.ts';

export const NEWEST_SURVEYS_FIRST: SurveyOrder = { field: 'SURVEYED_AT', direction: 'DESC' };

function sortKey(order: SurveyOrder): SortKey {
  const column = order.field === 'ID' ? sql`c.survey_id` : sql`c.surveyed_at`;
  return { column, type: order.field === 'ID' ? 'bigint' : 'timestamptz', id: sql`c.survey_id`, descending: order.direction === 'DESC' };
}

function surveyConditions(ctx: GraphQLContext, filter: SurveyFilter | null | undefined): Sql[] {
  const conditions = [inViewerScope(ctx.viewer, sql`c.org_unit_id`)];
  if (!filter) return conditions;
  const days = checkDateRange(filter.surveyDate, 'filter.surveyDate');
  if (days) conditions.push(sql`c.survey_date BETWEEN ${days.from}::date AND ${days.to}::date`);
  if (filter.orgUnitIds) {
    const roots = filter.orgUnitIds.map((id, i) => Number(fromGlobalId('OrgUnit', id, `filter.orgUnitIds[${i}]`)));
    conditions.push(sql`c.org_unit_id IN (SELECT u.org_unit_id FROM dim_org_unit u JOIN dim_org_unit r ON u.path LIKE r.path || '%'
                                          WHERE r.org_unit_id = ANY (${roots}::int[]))`);
  }
  if (filter.categoryIds) {
    const ids = filter.categoryIds.map((id, i) => Number(fromGlobalId('Category', id, `filter.categoryIds[${i}]`)));
    conditions.push(sql`c.category_id IN (SELECT category_id FROM dim_category WHERE category_id = ANY (${ids}::int[]) OR parent_id = ANY (${ids}::int[]))`);
  }
  if (filter.channels) conditions.push(sql`c.channel_id IN (SELECT channel_id FROM dim_channel WHERE code = ANY (${filter.channels}::text[]))`);
  if (filter.responded != null) conditions.push(sql`c.responded = ${filter.responded}`);
  if (filter.maxScore != null) {
    if (filter.maxScore < 1 || filter.maxScore > 5) throw badInput('filter.maxScore', `must be from 1 to 5, got ${filter.maxScore}`);
    conditions.push(sql`c.score <= ${filter.maxScore}`);
  }
  if (filter.complaintId != null) conditions.push(sql`c.complaint_id = ${fromGlobalId('Complaint', filter.complaintId, 'filter.complaintId')}::bigint`);
  if (filter.customerId != null) conditions.push(sql`c.customer_id = ${fromGlobalId('Customer', filter.customerId, 'filter.customerId')}::bigint`);
  return conditions;
}

export async function surveyPage(ctx: GraphQLContext, filter: SurveyFilter | null | undefined, order: SurveyOrder, request: PageRequest): Promise<ConnectionResult<SurveyEntity & Extras>> {
  const conditions = surveyConditions(ctx, filter);
  const rows = await selectEntities(ctx.db, SurveyEntity, keysetPage(sql`c.*`, sql`fact_survey c`, conditions, sortKey(order), request), SurveyType.prototype);
  return toConnection(rows, request, (row) => ({ value: row.sortKey!, id: row.id }), async () => {
    const [count] = await selectRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM fact_survey c ${where(conditions)}`);
    return count!.n;
  });
}
