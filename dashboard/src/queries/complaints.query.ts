import { graphql } from '../gql/gql.ts';

export const ComplaintListQuery = graphql(`
  query ComplaintList($filter: ComplaintFilter, $first: Int, $after: String, $last: Int, $before: String) {
    complaints(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      nodes {
        id sourceId receivedAt status isRepeat overdue exempt slaDueAt
        category { nameZh nameEn }
        channel { nameZh nameEn }
        orgUnit { nameZh nameEn }
        customer { name segment }
      }
    }
  }
`);

/** One complaint's lifecycle for its timeline: received, first response, resolved, closed, reopened, surveys. */
export const ComplaintTimelineQuery = graphql(`
  query ComplaintTimeline($id: ID!) {
    complaint(id: $id) {
      id sourceSystem sourceId description status receivedAt firstResponseAt resolvedAt closedAt reopenedCount
      slaDueAt slaMet overdue isRepeat exempt escalated upheld hoursToResolve
      category { nameZh nameEn parent { nameZh nameEn } }
      channel { nameZh nameEn }
      orgUnit { nameZh nameEn ancestors { nameZh nameEn } }
      customer { id name accountNo segment }
      priorComplaint { id sourceId receivedAt }
      surveys { id surveyedAt responded score satisfied }
    }
  }
`);
