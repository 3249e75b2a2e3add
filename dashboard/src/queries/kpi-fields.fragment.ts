import { graphql } from '../gql/gql.ts';

/**
 * Every KPI field of KpiRow the dashboard knows. Its generated type is where
 * KpiCode comes from, so a KPI renamed or removed in the schema fails codegen
 * and the type check.
 */
export const KpiCatalogueFields = graphql(`
  fragment KpiCatalogueFields on KpiRow {
    satisfactionRate repeatComplaintRate medianResolutionHours slaComplianceRate complaintsPer10kCustomers complaints backlog
    repeatComplaints escalatedComplaints escalationRate exemptComplaints resolvedComplaints meanResolutionHours p90ResolutionHours
    meanResolutionBusinessHours firstContactResolutionRate reopenRate upheldRate resolvedWithin3BusinessDays resolvedWithin4Weeks
    resolvedIn4To8Weeks resolvedAfter8Weeks redressPaid openingBacklog overdueBacklog surveys surveyResponses surveyResponseRate
    meanSatisfactionScore dissatisfiedFollowUps attitudeSatisfactionRate speedSatisfactionRate outcomeSatisfactionRate
  }
`);
