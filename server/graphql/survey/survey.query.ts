import { SurveyEntity } from '../../entities/survey.entity.ts';
import { DISSATISFIED_MAX_SCORE } from '../../ingest/work-orders/survey-follow-up.service.ts';
import { badInput } from '../common/api-error.ts';
import { checkDateRange } from '../common/date-range.ts';
import { inCategories, inChannels, inOrgUnitSubtrees } from '../common/dimension-filters.ts';
import { inViewerScope } from '../common/scope.ts';
import type { GraphQLContext } from '../context.ts';
import { fromGlobalId } from '../relay/global-id.ts';
import type { SurveyFilter, SurveyOrder } from './survey.filter.ts';
import { SurveyType } from './survey.type.ts';
import { sql, type Extras, type Sql } from '../../db/sql.ts';
import type { ConnectionResult, PageRequest } from '../relay/connection.ts';
import type { SortKey } from '../relay/keyset.ts';
import { keysetConnection } from '../relay/keyset-connection.ts';

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
  if (filter.orgUnitIds) conditions.push(inOrgUnitSubtrees(sql`c.org_unit_id`, filter.orgUnitIds, 'filter.orgUnitIds'));
  if (filter.categoryIds) conditions.push(inCategories(sql`c.category_id`, filter.categoryIds, 'filter.categoryIds'));
  if (filter.channels) conditions.push(inChannels(sql`c.channel_id`, filter.channels));
  if (filter.responded != null) conditions.push(sql`c.responded = ${filter.responded}`);
  if (filter.maxScore != null) {
    if (filter.maxScore < 1 || filter.maxScore > 5) throw badInput('filter.maxScore', `must be from 1 to 5, got ${filter.maxScore}`);
    conditions.push(sql`c.score <= ${filter.maxScore}`);
  }
  if (filter.awaitingFollowUp != null) {
    const followedUp = sql`EXISTS (SELECT 1 FROM survey_follow_up f WHERE f.survey_id = c.survey_id)`;
    conditions.push(filter.awaitingFollowUp
      ? sql`c.responded AND c.score <= ${DISSATISFIED_MAX_SCORE}::int AND NOT ${followedUp}`
      : followedUp);
  }
  if (filter.complaintId != null) conditions.push(sql`c.complaint_id = ${fromGlobalId('Complaint', filter.complaintId, 'filter.complaintId')}::bigint`);
  if (filter.customerId != null) conditions.push(sql`c.customer_id = ${fromGlobalId('Customer', filter.customerId, 'filter.customerId')}::bigint`);
  return conditions;
}

export function surveyPage(ctx: GraphQLContext, filter: SurveyFilter | null | undefined, order: SurveyOrder, request: PageRequest): Promise<ConnectionResult<SurveyEntity & Extras>> {
  return keysetConnection(ctx.db, SurveyEntity, SurveyType.prototype, sql`fact_survey c`, surveyConditions(ctx, filter), sortKey(order), request);
}
