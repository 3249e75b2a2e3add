import { graphql } from '../gql/gql.ts';

// The Overview in two requests, sent together: the KPIs the rollups answer
// (drawn within a few hundred milliseconds on a million complaints), and the
// median and backlog, which always read the facts (percentiles and snapshots
// cannot be summed from daily rows) and take longer. Each request gets the
// tiles, the 12 months of sparklines and trend, and the league table of the
// units one level down, with their targets; the first also the breakdowns.

/** KPIs answered from the rollups. */
export const OverviewFromRollupsQuery = graphql(`
  query OverviewFromRollups($filter: KpiFilter!, $trendFilter: KpiFilter!, $assessed: Boolean, $totalsGrain: TimeGrain, $leagueLevel: OrgUnitLevel!) {
    totals: kpis(filter: $filter, assessed: $assessed, grain: $totalsGrain, compareTo: PREVIOUS_PERIOD) {
      key { period { label start end } }
      satisfactionRate repeatComplaintRate slaComplianceRate complaintsPer10kCustomers complaints
      comparison { satisfactionRate repeatComplaintRate slaComplianceRate complaintsPer10kCustomers complaints }
      change { satisfactionRate repeatComplaintRate slaComplianceRate complaintsPer10kCustomers complaints }
      targets { kpi target status direction }
    }
    trend: kpis(filter: $trendFilter, assessed: $assessed, grain: MONTH) {
      key { period { label start end } }
      satisfactionRate repeatComplaintRate slaComplianceRate complaintsPer10kCustomers complaints
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
      satisfactionRate repeatComplaintRate slaComplianceRate complaintsPer10kCustomers complaints
      targets { kpi target status }
    }
  }
`);

/** The median resolution time and the backlog, which read the facts. */
export const OverviewFromFactsQuery = graphql(`
  query OverviewFromFacts($filter: KpiFilter!, $trendFilter: KpiFilter!, $assessed: Boolean, $totalsGrain: TimeGrain, $leagueLevel: OrgUnitLevel!) {
    totals: kpis(filter: $filter, assessed: $assessed, grain: $totalsGrain, compareTo: PREVIOUS_PERIOD) {
      medianResolutionHours backlog
      comparison { medianResolutionHours backlog }
      change { medianResolutionHours backlog }
      targets { kpi target status direction }
    }
    trend: kpis(filter: $trendFilter, assessed: $assessed, grain: MONTH) {
      key { period { label } }
      medianResolutionHours backlog
      targets { kpi target status }
    }
    league: kpis(filter: $filter, assessed: $assessed, groupBy: [ORG_UNIT], orgUnitLevel: $leagueLevel) {
      key { orgUnit { id } }
      medianResolutionHours backlog
      targets { kpi target status }
    }
  }
`);
