import { graphql } from '../gql/gql.ts';

/**
 * Everything the Overview draws, in one request: the tiles against the
 * previous period with their targets, 12 months for the sparklines and the
 * trend, three breakdowns and the league table of the units one level down.
 */
export const OverviewQuery = graphql(`
  query Overview($filter: KpiFilter!, $trendFilter: KpiFilter!, $assessed: Boolean, $totalsGrain: TimeGrain, $leagueLevel: OrgUnitLevel!) {
    totals: kpis(filter: $filter, assessed: $assessed, grain: $totalsGrain, compareTo: PREVIOUS_PERIOD) {
      key { period { label start end } }
      satisfactionRate repeatComplaintRate medianResolutionHours slaComplianceRate complaintsPer10kCustomers complaints backlog
      comparison { satisfactionRate repeatComplaintRate medianResolutionHours slaComplianceRate complaintsPer10kCustomers complaints backlog }
      change { satisfactionRate repeatComplaintRate medianResolutionHours slaComplianceRate complaintsPer10kCustomers complaints backlog }
      targets { kpi target status direction }
    }
    trend: kpis(filter: $trendFilter, assessed: $assessed, grain: MONTH) {
      key { period { label start end } }
      satisfactionRate repeatComplaintRate medianResolutionHours slaComplianceRate complaintsPer10kCustomers complaints backlog
      targets { kpi target status }
    }
    byCategory: kpis(filter: $filter, assessed: $assessed, groupBy: [CATEGORY_GROUP]) {
      key { category { id code nameZh nameEn } }
      complaints satisfactionRate
    }
    byChannel: kpis(filter: $filter, assessed: $assessed, groupBy: [CHANNEL]) {
      key { channel { id code nameZh nameEn } }
      complaints satisfactionRate
    }
    bySegment: kpis(filter: $filter, assessed: $assessed, groupBy: [SEGMENT]) {
      key { segment }
      complaints satisfactionRate
    }
    league: kpis(filter: $filter, assessed: $assessed, groupBy: [ORG_UNIT], orgUnitLevel: $leagueLevel) {
      key { orgUnit { id code level nameZh nameEn } }
      satisfactionRate repeatComplaintRate medianResolutionHours slaComplianceRate complaintsPer10kCustomers complaints backlog
      targets { kpi target status }
    }
  }
`);
