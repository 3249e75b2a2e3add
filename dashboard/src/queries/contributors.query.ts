import { graphql } from '../gql/gql.ts';

/** Drill-through: the complaints (or surveys) behind one cell of a kpis result. */
export const ContributorsQuery = graphql(`
  query Contributors($filter: KpiFilter!, $assessed: Boolean, $groupBy: [KpiDimension!], $grain: TimeGrain, $orgUnitLevel: OrgUnitLevel, $kpi: String!, $cell: KpiCellInput, $first: Int) {
    kpiContributors(filter: $filter, assessed: $assessed, groupBy: $groupBy, grain: $grain, orgUnitLevel: $orgUnitLevel, kpi: $kpi, cell: $cell, first: $first) {
      fact totalCount
      complaints { id sourceId receivedAt status category { nameZh nameEn } orgUnit { nameZh nameEn } }
      surveys { id surveyedAt responded score channel { nameZh nameEn } orgUnit { nameZh nameEn } }
    }
  }
`);
