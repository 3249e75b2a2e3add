import { graphql } from '../gql/gql.ts';

/** The Resolution page in one request: time bands, p50/p90 and overdue backlog by month, SLA compliance by category. */
export const ResolutionQuery = graphql(`
  query Resolution($filter: KpiFilter!, $trendFilter: KpiFilter!, $assessed: Boolean) {
    bands: kpis(filter: $filter, assessed: $assessed) {
      resolvedComplaints resolvedWithin3BusinessDays resolvedWithin4Weeks resolvedIn4To8Weeks resolvedAfter8Weeks
    }
    trend: kpis(filter: $trendFilter, assessed: $assessed, grain: MONTH) {
      key { period { label start end } }
      medianResolutionHours p90ResolutionHours overdueBacklog backlog
    }
    slaByCategory: kpis(filter: $filter, assessed: $assessed, groupBy: [CATEGORY_GROUP]) {
      key { category { id nameZh nameEn } }
      slaComplianceRate resolvedComplaints
      targets { kpi target status }
    }
  }
`);

/** The Repeat page: the rate by month, and the customers with most repeat complaints in the filters. */
export const RepeatQuery = graphql(`
  query Repeat($trendFilter: KpiFilter!, $assessed: Boolean, $complaints: ComplaintFilter!, $first: Int!) {
    trend: kpis(filter: $trendFilter, assessed: $assessed, grain: MONTH) {
      key { period { label start end } }
      repeatComplaintRate repeatComplaints complaints
      targets { kpi target status }
    }
    repeaters: topRepeatCustomers(filter: $complaints, first: $first) {
      repeatComplaints complaints lastComplaintAt
      customer { id name accountNo segment }
    }
  }
`);

/** One customer's complaints, newest first (personal data masked per role by the API). */
export const CustomerComplaintsQuery = graphql(`
  query CustomerComplaints($id: ID!) {
    customer(id: $id) {
      id name accountNo segment
      complaints(first: 100) {
        totalCount
        nodes { id sourceId receivedAt status isRepeat category { nameZh nameEn } }
      }
    }
  }
`);

/** The Satisfaction page: rates by channel and by category, and the dissatisfied answers to follow up. */
export const SatisfactionQuery = graphql(`
  query Satisfaction($filter: KpiFilter!, $assessed: Boolean, $dissatisfied: SurveyFilter!) {
    byChannel: kpis(filter: $filter, assessed: $assessed, groupBy: [CHANNEL]) {
      key { channel { code nameZh nameEn } }
      satisfactionRate surveyResponseRate surveys
    }
    byCategory: kpis(filter: $filter, assessed: $assessed, groupBy: [CATEGORY_GROUP]) {
      key { category { id nameZh nameEn } }
      satisfactionRate surveyResponseRate surveys
    }
    dissatisfied: surveys(filter: $dissatisfied, first: 50) {
      totalCount
      nodes {
        id surveyedAt score
        channel { nameZh nameEn }
        orgUnit { nameZh nameEn }
        category { nameZh nameEn }
        customer { name }
        complaint { id sourceId }
      }
    }
  }
`);

/** A dissatisfied customer was called back: the answer leaves the awaiting list. */
export const RecordSurveyFollowUpMutation = graphql(`
  mutation RecordSurveyFollowUp($surveyId: ID!, $outcome: FollowUpOutcome!) {
    recordSurveyFollowUp(surveyId: $surveyId, outcome: $outcome) { surveyId outcome }
  }
`);
