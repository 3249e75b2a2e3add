import { graphql } from '../gql/gql.ts';

/**
 * The pickers' counts, in one request: each dimension is
 * counted under every other active filter but not its own (the filter
 * variables of each alias leave that one out).
 */
export const FilterCountsQuery = graphql(`
  query FilterCounts($assessed: Boolean, $orgFilter: KpiFilter!, $categoryFilter: KpiFilter!, $channelFilter: KpiFilter!, $segmentFilter: KpiFilter!) {
    orgCity: kpis(filter: $orgFilter, assessed: $assessed, groupBy: [ORG_UNIT], orgUnitLevel: CITY) { key { orgUnit { id } } complaints }
    orgCounty: kpis(filter: $orgFilter, assessed: $assessed, groupBy: [ORG_UNIT], orgUnitLevel: COUNTY) { key { orgUnit { id } } complaints }
    orgStation: kpis(filter: $orgFilter, assessed: $assessed, groupBy: [ORG_UNIT], orgUnitLevel: STATION) { key { orgUnit { id } } complaints }
    categoryGroupCounts: kpis(filter: $categoryFilter, assessed: $assessed, groupBy: [CATEGORY_GROUP]) { key { category { id } } complaints }
    categoryCounts: kpis(filter: $categoryFilter, assessed: $assessed, groupBy: [CATEGORY]) { key { category { id } } complaints }
    channelCounts: kpis(filter: $channelFilter, assessed: $assessed, groupBy: [CHANNEL]) { key { channel { code } } complaints }
    segmentCounts: kpis(filter: $segmentFilter, assessed: $assessed, groupBy: [SEGMENT]) { key { segment } complaints }
    orgTotal: kpis(filter: $orgFilter, assessed: $assessed) { complaints }
  }
`);

/** The dimensions the pickers offer (cached per process on the server; fetched once per visit here). */
export const ReferenceQuery = graphql(`
  query Reference {
    orgUnits { id code level nameZh nameEn parent { id } }
    categories { id code level nameZh nameEn parent { id } }
    channels { id code nameZh nameEn }
  }
`);
