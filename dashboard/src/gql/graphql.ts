/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Where a complaint or survey came in. */
export type ChannelCode =
  /** The 95598 customer-service hotline. */
  | 'HOTLINE_95598'
  /** Letters and visits (信访). */
  | 'LETTERS_AND_VISITS'
  /** The mobile app. */
  | 'MOBILE_APP'
  /** The online service hall (website). */
  | 'ONLINE_HALL'
  /** Referred by the energy regulator’s 12398 hotline. */
  | 'REGULATOR_12398'
  /** A physical service hall (营业厅). */
  | 'SERVICE_HALL'
  /** Social media. */
  | 'SOCIAL_MEDIA';

/** Which complaints to list. All conditions must hold; an omitted one does not filter. */
export type ComplaintFilter = {
  /** In these categories; a level-1 category includes its level-2 categories. */
  categoryIds?: Array<string | number> | null | undefined;
  /** Came in through these channels. */
  channels?: Array<ChannelCode> | null | undefined;
  /** From this customer. */
  customerId?: string | number | null | undefined;
  /** true: covered by an approved exemption filing; false: assessed ones only. */
  exempt?: boolean | null | undefined;
  /** true: repeats only; false: first complaints only. */
  isRepeat?: boolean | null | undefined;
  /** Handled in these org units or anywhere below them. */
  orgUnitIds?: Array<string | number> | null | undefined;
  /** true: open and past their SLA due time now; false: the others. */
  overdue?: boolean | null | undefined;
  /** Received on these days (local, inclusive). */
  receivedDate?: DateRange | null | undefined;
  /** Resolved on these days (local, inclusive); open complaints never match. */
  resolvedDate?: DateRange | null | undefined;
  /** The description contains this text (2 to 100 characters, case-insensitive). */
  search?: string | null | undefined;
  /** From customers of these segments. */
  segments?: Array<Segment> | null | undefined;
  /** In these statuses. */
  statuses?: Array<ComplaintStatus> | null | undefined;
};

/** Where a work order is in its lifecycle: received → assigned → responded → resolved → closed, or reopened. */
export type ComplaintStatus =
  /** Assigned to a station or handler. */
  | 'ASSIGNED'
  /** Resolved and closed. */
  | 'CLOSED'
  /** Logged, not yet assigned to a handler. */
  | 'RECEIVED'
  /** Reopened after a resolution; open again until resolved anew. */
  | 'REOPENED'
  /** Resolved; awaiting closure (e.g. after the follow-up call). */
  | 'RESOLVED'
  /** The customer has had a first response. */
  | 'RESPONDED';

/** Calendar days in the utility’s time zone, both ends inclusive: January is { from: "2026-01-01", to: "2026-01-31" }. */
export type DateRange = {
  /** First day (inclusive). */
  from: string;
  /** Last day (inclusive); not before `from`. */
  to: string;
};

/** How a dissatisfied customer’s follow-up call ended. */
export type FollowUpOutcome =
  /** The customer could not be reached. */
  | 'CUSTOMER_UNREACHABLE'
  /** Handed to a higher level. */
  | 'ESCALATED'
  /** Explained to the customer, who accepted it. */
  | 'EXPLAINED'
  /** The cause was put right. */
  | 'RESOLVED';

/** The key of one row of a `kpis` result (give the fields it groups by). */
export type KpiCellInput = {
  /** key.category.id; leave out for the row of surveys without a category. */
  categoryId?: string | number | null | undefined;
  /** key.channel.code. */
  channel?: ChannelCode | null | undefined;
  /** key.flag. */
  flag?: KpiFlag | null | undefined;
  /** key.orgUnit.id (at the query’s orgUnitLevel). */
  orgUnitId?: string | number | null | undefined;
  /** key.period.start — with the same grain as the kpis query. */
  periodStart?: string | null | undefined;
  /** key.segment. */
  segment?: Segment | null | undefined;
};

/** What to break KPIs down by (besides time, see `grain`). */
export type KpiDimension =
  /** Level-2 categories. */
  | 'CATEGORY'
  /** Level-1 categories. Survey KPIs take the category of the complaint they follow; general surveys have none. */
  | 'CATEGORY_GROUP'
  /** Channels. */
  | 'CHANNEL'
  /** Org units at `orgUnitLevel` (a complaint counts under the unit above its station at that level). */
  | 'ORG_UNIT'
  /** Customer segments. */
  | 'SEGMENT'
  /** Special-customer flags held on the fact’s day (a complaint: when it was received), or NONE; a customer with two flags counts under both, so groups may sum to more than the total. */
  | 'SPECIAL_FLAG';

/** Which fact a KPI part counts. */
export type KpiFact =
  | 'COMPLAINT'
  | 'SURVEY';

/** Which facts KPIs are computed over. The date range is required; each fact is placed in it by its own anchor date. */
export type KpiFilter = {
  /** Only these categories (a level-1 category includes its level-2 ones). Survey KPIs then count only surveys that follow such complaints. */
  categoryIds?: Array<string | number> | null | undefined;
  /** Only these channels. */
  channels?: Array<ChannelCode> | null | undefined;
  /** Inclusive local days: January is { from: "2026-01-01", to: "2026-01-31" }. */
  dateRange: DateRange;
  /** Only customers holding one of these special flags on the fact’s day (NONE: holding none). */
  flags?: Array<KpiFlag> | null | undefined;
  /** Only these org units and everything below them. */
  orgUnitIds?: Array<string | number> | null | undefined;
  /** Only customers of these segments. */
  segments?: Array<Segment> | null | undefined;
};

/** A special-customer flag as a KPI dimension, or NONE for customers holding none. */
export type KpiFlag =
  | 'ARREARS'
  | 'ELECTRICITY_THEFT'
  | 'MALICIOUS_COMPLAINANT'
  /** The customer held no special flag. */
  | 'NONE';

/** Level of an org unit in the tree province › city › county › service station. */
export type OrgUnitLevel =
  | 'CITY'
  | 'COUNTY'
  | 'PROVINCE'
  | 'STATION';

/** Red / amber / green against a target. */
export type Rag =
  /** On the wrong side, within the amber band. */
  | 'AMBER'
  /** On the right side of the target, or on it. */
  | 'GREEN'
  /** On the wrong side, beyond the amber band. */
  | 'RED';

/** What a user may do (see the README’s Security section). */
export type Role =
  /** Users, targets, schedules: everything. */
  | 'ADMIN'
  /** The hotline system’s service account: mutations and imports in scope; no KPIs. */
  | 'AGENT'
  /** KPIs and entity queries in scope, ad-hoc exports; personal data always masked. */
  | 'ANALYST'
  /** KPIs, drill-through and complaint detail in scope; personal data unmasked only for their own stations. */
  | 'MANAGER'
  /** KPIs and regulator returns in scope; no entity queries, no personal data. */
  | 'REGULATOR';

/** Customer segment. */
export type Segment =
  /** Shops and offices (一般工商业). */
  | 'COMMERCIAL'
  /** Factories (大工业). */
  | 'INDUSTRIAL'
  /** Key accounts with an account manager (大客户). */
  | 'LARGE_ACCOUNT'
  /** Households (居民). */
  | 'RESIDENTIAL';

/** Which follow-up attempts to list. All conditions must hold; an omitted one does not filter. */
export type SurveyFilter = {
  /** true: dissatisfied answers (score ≤ 2) not yet followed up; false: those already followed up. */
  awaitingFollowUp?: boolean | null | undefined;
  /** Following complaints in these categories (a level-1 category includes its level-2 ones). */
  categoryIds?: Array<string | number> | null | undefined;
  /** Made through these channels. */
  channels?: Array<ChannelCode> | null | undefined;
  /** Following this complaint. */
  complaintId?: string | number | null | undefined;
  /** Of this customer. */
  customerId?: string | number | null | undefined;
  /** Answered with an overall score at most this (2: the dissatisfied answers to follow up). */
  maxScore?: number | null | undefined;
  /** In these org units or anywhere below them. */
  orgUnitIds?: Array<string | number> | null | undefined;
  /** true: answered only; false: unanswered only. */
  responded?: boolean | null | undefined;
  /** Made on these days (local, inclusive). */
  surveyDate?: DateRange | null | undefined;
};

/** Whether a KPI is better higher or lower. */
export type TargetDirection =
  | 'HIGHER_IS_BETTER'
  | 'LOWER_IS_BETTER';

/** Calendar buckets of each KPI’s anchor date, in the utility’s time zone. */
export type TimeGrain =
  | 'DAY'
  | 'MONTH'
  | 'QUARTER'
  /** ISO weeks, Monday to Sunday. */
  | 'WEEK'
  | 'YEAR';

export type SignInMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type SignInMutation = { signIn: { accessToken: string, refreshToken: string, accessTokenExpiresAt: string } };

export type RefreshSessionMutationVariables = Exact<{
  refreshToken: string;
}>;


export type RefreshSessionMutation = { refreshSession: { accessToken: string, refreshToken: string, accessTokenExpiresAt: string } };

export type SignOutMutationVariables = Exact<{
  refreshToken: string;
}>;


export type SignOutMutation = { signOut: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, username: string, displayName: string, roles: Array<Role> } | null };

export type ComplaintListQueryVariables = Exact<{
  filter?: ComplaintFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ComplaintListQuery = { complaints: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, sourceId: string, receivedAt: string, status: ComplaintStatus, isRepeat: boolean, overdue: boolean, exempt: boolean, slaDueAt: string, category: { nameZh: string, nameEn: string }, channel: { nameZh: string, nameEn: string }, orgUnit: { nameZh: string, nameEn: string }, customer: { name: string, segment: Segment } | null }> } };

export type ComplaintTimelineQueryVariables = Exact<{
  id: string | number;
}>;


export type ComplaintTimelineQuery = { complaint: { id: string, sourceSystem: string, sourceId: string, description: string, status: ComplaintStatus, receivedAt: string, firstResponseAt: string | null, resolvedAt: string | null, closedAt: string | null, reopenedCount: number, slaDueAt: string, slaMet: boolean | null, overdue: boolean, isRepeat: boolean, exempt: boolean, escalated: boolean, upheld: boolean, hoursToResolve: number | null, category: { nameZh: string, nameEn: string, parent: { nameZh: string, nameEn: string } | null }, channel: { nameZh: string, nameEn: string }, orgUnit: { nameZh: string, nameEn: string, ancestors: Array<{ nameZh: string, nameEn: string }> }, customer: { id: string, name: string, accountNo: string, segment: Segment } | null, priorComplaint: { id: string, sourceId: string, receivedAt: string } | null, surveys: Array<{ id: string, surveyedAt: string, responded: boolean, score: number | null, satisfied: boolean | null }> } | null };

export type ContributorsQueryVariables = Exact<{
  filter: KpiFilter;
  assessed?: boolean | null | undefined;
  groupBy?: Array<KpiDimension> | KpiDimension | null | undefined;
  grain?: TimeGrain | null | undefined;
  orgUnitLevel?: OrgUnitLevel | null | undefined;
  kpi: string;
  cell?: KpiCellInput | null | undefined;
  first?: number | null | undefined;
}>;


export type ContributorsQuery = { kpiContributors: { fact: KpiFact, totalCount: number, complaints: Array<{ id: string, sourceId: string, receivedAt: string, status: ComplaintStatus, category: { nameZh: string, nameEn: string }, orgUnit: { nameZh: string, nameEn: string } }>, surveys: Array<{ id: string, surveyedAt: string, responded: boolean, score: number | null, channel: { nameZh: string, nameEn: string }, orgUnit: { nameZh: string, nameEn: string } }> } };

export type FilterCountsQueryVariables = Exact<{
  assessed?: boolean | null | undefined;
  orgFilter: KpiFilter;
  categoryFilter: KpiFilter;
  channelFilter: KpiFilter;
  segmentFilter: KpiFilter;
}>;


export type FilterCountsQuery = { orgCity: Array<{ complaints: number, key: { orgUnit: { id: string } | null } }>, orgCounty: Array<{ complaints: number, key: { orgUnit: { id: string } | null } }>, orgStation: Array<{ complaints: number, key: { orgUnit: { id: string } | null } }>, categoryGroupCounts: Array<{ complaints: number, key: { category: { id: string } | null } }>, categoryCounts: Array<{ complaints: number, key: { category: { id: string } | null } }>, channelCounts: Array<{ complaints: number, key: { channel: { code: ChannelCode } | null } }>, segmentCounts: Array<{ complaints: number, key: { segment: Segment | null } }>, orgTotal: Array<{ complaints: number }> };

export type ReferenceQueryVariables = Exact<{ [key: string]: never; }>;


export type ReferenceQuery = { orgUnits: Array<{ id: string, code: string, level: OrgUnitLevel, nameZh: string, nameEn: string, parent: { id: string } | null }>, categories: Array<{ id: string, code: string, level: number, nameZh: string, nameEn: string, parent: { id: string } | null }>, channels: Array<{ id: string, code: ChannelCode, nameZh: string, nameEn: string }> };

export type KpiCatalogueFieldsFragment = { satisfactionRate: number | null, repeatComplaintRate: number | null, medianResolutionHours: number | null, slaComplianceRate: number | null, complaintsPer10kCustomers: number | null, complaints: number, backlog: number, repeatComplaints: number, escalatedComplaints: number, escalationRate: number | null, exemptComplaints: number, resolvedComplaints: number, meanResolutionHours: number | null, p90ResolutionHours: number | null, meanResolutionBusinessHours: number | null, firstContactResolutionRate: number | null, reopenRate: number | null, upheldRate: number | null, resolvedWithin3BusinessDays: number, resolvedWithin4Weeks: number, resolvedIn4To8Weeks: number, resolvedAfter8Weeks: number, redressPaid: number, openingBacklog: number, overdueBacklog: number, surveys: number, surveyResponses: number, surveyResponseRate: number | null, meanSatisfactionScore: number | null, dissatisfiedFollowUps: number, attitudeSatisfactionRate: number | null, speedSatisfactionRate: number | null, outcomeSatisfactionRate: number | null };

export type OverviewFromRollupsQueryVariables = Exact<{
  filter: KpiFilter;
  trendFilter: KpiFilter;
  assessed?: boolean | null | undefined;
  totalsGrain?: TimeGrain | null | undefined;
  leagueLevel: OrgUnitLevel;
}>;


export type OverviewFromRollupsQuery = { totals: Array<{ satisfactionRate: number | null, repeatComplaintRate: number | null, slaComplianceRate: number | null, complaintsPer10kCustomers: number | null, complaints: number, key: { period: { label: string, start: string, end: string } | null }, comparison: { satisfactionRate: number | null, repeatComplaintRate: number | null, slaComplianceRate: number | null, complaintsPer10kCustomers: number | null, complaints: number | null } | null, change: { satisfactionRate: number | null, repeatComplaintRate: number | null, slaComplianceRate: number | null, complaintsPer10kCustomers: number | null, complaints: number | null } | null, targets: Array<{ kpi: string, target: number, status: Rag | null, direction: TargetDirection }> }>, trend: Array<{ satisfactionRate: number | null, repeatComplaintRate: number | null, slaComplianceRate: number | null, complaintsPer10kCustomers: number | null, complaints: number, key: { period: { label: string, start: string, end: string } | null }, targets: Array<{ kpi: string, target: number, status: Rag | null }> }>, byCategory: Array<{ complaints: number, satisfactionRate: number | null, key: { category: { id: string, code: string, nameZh: string, nameEn: string } | null } }>, byChannel: Array<{ complaints: number, satisfactionRate: number | null, key: { channel: { id: string, code: ChannelCode, nameZh: string, nameEn: string } | null } }>, bySegment: Array<{ complaints: number, satisfactionRate: number | null, key: { segment: Segment | null } }>, league: Array<{ satisfactionRate: number | null, repeatComplaintRate: number | null, slaComplianceRate: number | null, complaintsPer10kCustomers: number | null, complaints: number, key: { orgUnit: { id: string, code: string, level: OrgUnitLevel, nameZh: string, nameEn: string } | null }, targets: Array<{ kpi: string, target: number, status: Rag | null }> }> };

export type OverviewFromFactsQueryVariables = Exact<{
  filter: KpiFilter;
  trendFilter: KpiFilter;
  assessed?: boolean | null | undefined;
  totalsGrain?: TimeGrain | null | undefined;
  leagueLevel: OrgUnitLevel;
}>;


export type OverviewFromFactsQuery = { totals: Array<{ medianResolutionHours: number | null, backlog: number, comparison: { medianResolutionHours: number | null, backlog: number | null } | null, change: { medianResolutionHours: number | null, backlog: number | null } | null, targets: Array<{ kpi: string, target: number, status: Rag | null, direction: TargetDirection }> }>, trend: Array<{ medianResolutionHours: number | null, backlog: number, key: { period: { label: string } | null }, targets: Array<{ kpi: string, target: number, status: Rag | null }> }>, league: Array<{ medianResolutionHours: number | null, backlog: number, key: { orgUnit: { id: string } | null }, targets: Array<{ kpi: string, target: number, status: Rag | null }> }> };

export type ResolutionQueryVariables = Exact<{
  filter: KpiFilter;
  trendFilter: KpiFilter;
  assessed?: boolean | null | undefined;
}>;


export type ResolutionQuery = { bands: Array<{ resolvedComplaints: number, resolvedWithin3BusinessDays: number, resolvedWithin4Weeks: number, resolvedIn4To8Weeks: number, resolvedAfter8Weeks: number }>, trend: Array<{ medianResolutionHours: number | null, p90ResolutionHours: number | null, overdueBacklog: number, backlog: number, key: { period: { label: string, start: string, end: string } | null } }>, slaByCategory: Array<{ slaComplianceRate: number | null, resolvedComplaints: number, key: { category: { id: string, nameZh: string, nameEn: string } | null }, targets: Array<{ kpi: string, target: number, status: Rag | null }> }> };

export type RepeatQueryVariables = Exact<{
  trendFilter: KpiFilter;
  assessed?: boolean | null | undefined;
  complaints: ComplaintFilter;
  first: number;
}>;


export type RepeatQuery = { trend: Array<{ repeatComplaintRate: number | null, repeatComplaints: number, complaints: number, key: { period: { label: string, start: string, end: string } | null }, targets: Array<{ kpi: string, target: number, status: Rag | null }> }>, repeaters: Array<{ repeatComplaints: number, complaints: number, lastComplaintAt: string, customer: { id: string, name: string, accountNo: string, segment: Segment } | null }> };

export type CustomerComplaintsQueryVariables = Exact<{
  id: string | number;
}>;


export type CustomerComplaintsQuery = { customer: { id: string, name: string, accountNo: string, segment: Segment, complaints: { totalCount: number, nodes: Array<{ id: string, sourceId: string, receivedAt: string, status: ComplaintStatus, isRepeat: boolean, category: { nameZh: string, nameEn: string } }> } } | null };

export type SatisfactionQueryVariables = Exact<{
  filter: KpiFilter;
  assessed?: boolean | null | undefined;
  dissatisfied: SurveyFilter;
}>;


export type SatisfactionQuery = { byChannel: Array<{ satisfactionRate: number | null, surveyResponseRate: number | null, surveys: number, key: { channel: { code: ChannelCode, nameZh: string, nameEn: string } | null } }>, byCategory: Array<{ satisfactionRate: number | null, surveyResponseRate: number | null, surveys: number, key: { category: { id: string, nameZh: string, nameEn: string } | null } }>, dissatisfied: { totalCount: number, nodes: Array<{ id: string, surveyedAt: string, score: number | null, channel: { nameZh: string, nameEn: string }, orgUnit: { nameZh: string, nameEn: string }, category: { nameZh: string, nameEn: string } | null, customer: { name: string } | null, complaint: { id: string, sourceId: string } | null }> } };

export type RecordSurveyFollowUpMutationVariables = Exact<{
  surveyId: string | number;
  outcome: FollowUpOutcome;
}>;


export type RecordSurveyFollowUpMutation = { recordSurveyFollowUp: { surveyId: string, outcome: FollowUpOutcome } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const KpiCatalogueFieldsFragmentDoc = new TypedDocumentString(`
    fragment KpiCatalogueFields on KpiRow {
  satisfactionRate
  repeatComplaintRate
  medianResolutionHours
  slaComplianceRate
  complaintsPer10kCustomers
  complaints
  backlog
  repeatComplaints
  escalatedComplaints
  escalationRate
  exemptComplaints
  resolvedComplaints
  meanResolutionHours
  p90ResolutionHours
  meanResolutionBusinessHours
  firstContactResolutionRate
  reopenRate
  upheldRate
  resolvedWithin3BusinessDays
  resolvedWithin4Weeks
  resolvedIn4To8Weeks
  resolvedAfter8Weeks
  redressPaid
  openingBacklog
  overdueBacklog
  surveys
  surveyResponses
  surveyResponseRate
  meanSatisfactionScore
  dissatisfiedFollowUps
  attitudeSatisfactionRate
  speedSatisfactionRate
  outcomeSatisfactionRate
}
    `, {"fragmentName":"KpiCatalogueFields"}) as unknown as TypedDocumentString<KpiCatalogueFieldsFragment, unknown>;
export const SignInDocument = new TypedDocumentString(`
    mutation SignIn($username: String!, $password: String!) {
  signIn(username: $username, password: $password) {
    accessToken
    refreshToken
    accessTokenExpiresAt
  }
}
    `) as unknown as TypedDocumentString<SignInMutation, SignInMutationVariables>;
export const RefreshSessionDocument = new TypedDocumentString(`
    mutation RefreshSession($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) {
    accessToken
    refreshToken
    accessTokenExpiresAt
  }
}
    `) as unknown as TypedDocumentString<RefreshSessionMutation, RefreshSessionMutationVariables>;
export const SignOutDocument = new TypedDocumentString(`
    mutation SignOut($refreshToken: String!) {
  signOut(refreshToken: $refreshToken)
}
    `) as unknown as TypedDocumentString<SignOutMutation, SignOutMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    id
    username
    displayName
    roles
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const ComplaintListDocument = new TypedDocumentString(`
    query ComplaintList($filter: ComplaintFilter, $first: Int, $after: String, $last: Int, $before: String) {
  complaints(
    filter: $filter
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      hasNextPage
      hasPreviousPage
      startCursor
      endCursor
    }
    nodes {
      id
      sourceId
      receivedAt
      status
      isRepeat
      overdue
      exempt
      slaDueAt
      category {
        nameZh
        nameEn
      }
      channel {
        nameZh
        nameEn
      }
      orgUnit {
        nameZh
        nameEn
      }
      customer {
        name
        segment
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ComplaintListQuery, ComplaintListQueryVariables>;
export const ComplaintTimelineDocument = new TypedDocumentString(`
    query ComplaintTimeline($id: ID!) {
  complaint(id: $id) {
    id
    sourceSystem
    sourceId
    description
    status
    receivedAt
    firstResponseAt
    resolvedAt
    closedAt
    reopenedCount
    slaDueAt
    slaMet
    overdue
    isRepeat
    exempt
    escalated
    upheld
    hoursToResolve
    category {
      nameZh
      nameEn
      parent {
        nameZh
        nameEn
      }
    }
    channel {
      nameZh
      nameEn
    }
    orgUnit {
      nameZh
      nameEn
      ancestors {
        nameZh
        nameEn
      }
    }
    customer {
      id
      name
      accountNo
      segment
    }
    priorComplaint {
      id
      sourceId
      receivedAt
    }
    surveys {
      id
      surveyedAt
      responded
      score
      satisfied
    }
  }
}
    `) as unknown as TypedDocumentString<ComplaintTimelineQuery, ComplaintTimelineQueryVariables>;
export const ContributorsDocument = new TypedDocumentString(`
    query Contributors($filter: KpiFilter!, $assessed: Boolean, $groupBy: [KpiDimension!], $grain: TimeGrain, $orgUnitLevel: OrgUnitLevel, $kpi: String!, $cell: KpiCellInput, $first: Int) {
  kpiContributors(
    filter: $filter
    assessed: $assessed
    groupBy: $groupBy
    grain: $grain
    orgUnitLevel: $orgUnitLevel
    kpi: $kpi
    cell: $cell
    first: $first
  ) {
    fact
    totalCount
    complaints {
      id
      sourceId
      receivedAt
      status
      category {
        nameZh
        nameEn
      }
      orgUnit {
        nameZh
        nameEn
      }
    }
    surveys {
      id
      surveyedAt
      responded
      score
      channel {
        nameZh
        nameEn
      }
      orgUnit {
        nameZh
        nameEn
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ContributorsQuery, ContributorsQueryVariables>;
export const FilterCountsDocument = new TypedDocumentString(`
    query FilterCounts($assessed: Boolean, $orgFilter: KpiFilter!, $categoryFilter: KpiFilter!, $channelFilter: KpiFilter!, $segmentFilter: KpiFilter!) {
  orgCity: kpis(
    filter: $orgFilter
    assessed: $assessed
    groupBy: [ORG_UNIT]
    orgUnitLevel: CITY
  ) {
    key {
      orgUnit {
        id
      }
    }
    complaints
  }
  orgCounty: kpis(
    filter: $orgFilter
    assessed: $assessed
    groupBy: [ORG_UNIT]
    orgUnitLevel: COUNTY
  ) {
    key {
      orgUnit {
        id
      }
    }
    complaints
  }
  orgStation: kpis(
    filter: $orgFilter
    assessed: $assessed
    groupBy: [ORG_UNIT]
    orgUnitLevel: STATION
  ) {
    key {
      orgUnit {
        id
      }
    }
    complaints
  }
  categoryGroupCounts: kpis(
    filter: $categoryFilter
    assessed: $assessed
    groupBy: [CATEGORY_GROUP]
  ) {
    key {
      category {
        id
      }
    }
    complaints
  }
  categoryCounts: kpis(
    filter: $categoryFilter
    assessed: $assessed
    groupBy: [CATEGORY]
  ) {
    key {
      category {
        id
      }
    }
    complaints
  }
  channelCounts: kpis(
    filter: $channelFilter
    assessed: $assessed
    groupBy: [CHANNEL]
  ) {
    key {
      channel {
        code
      }
    }
    complaints
  }
  segmentCounts: kpis(
    filter: $segmentFilter
    assessed: $assessed
    groupBy: [SEGMENT]
  ) {
    key {
      segment
    }
    complaints
  }
  orgTotal: kpis(filter: $orgFilter, assessed: $assessed) {
    complaints
  }
}
    `) as unknown as TypedDocumentString<FilterCountsQuery, FilterCountsQueryVariables>;
export const ReferenceDocument = new TypedDocumentString(`
    query Reference {
  orgUnits {
    id
    code
    level
    nameZh
    nameEn
    parent {
      id
    }
  }
  categories {
    id
    code
    level
    nameZh
    nameEn
    parent {
      id
    }
  }
  channels {
    id
    code
    nameZh
    nameEn
  }
}
    `) as unknown as TypedDocumentString<ReferenceQuery, ReferenceQueryVariables>;
export const OverviewFromRollupsDocument = new TypedDocumentString(`
    query OverviewFromRollups($filter: KpiFilter!, $trendFilter: KpiFilter!, $assessed: Boolean, $totalsGrain: TimeGrain, $leagueLevel: OrgUnitLevel!) {
  totals: kpis(
    filter: $filter
    assessed: $assessed
    grain: $totalsGrain
    compareTo: PREVIOUS_PERIOD
  ) {
    key {
      period {
        label
        start
        end
      }
    }
    satisfactionRate
    repeatComplaintRate
    slaComplianceRate
    complaintsPer10kCustomers
    complaints
    comparison {
      satisfactionRate
      repeatComplaintRate
      slaComplianceRate
      complaintsPer10kCustomers
      complaints
    }
    change {
      satisfactionRate
      repeatComplaintRate
      slaComplianceRate
      complaintsPer10kCustomers
      complaints
    }
    targets {
      kpi
      target
      status
      direction
    }
  }
  trend: kpis(filter: $trendFilter, assessed: $assessed, grain: MONTH) {
    key {
      period {
        label
        start
        end
      }
    }
    satisfactionRate
    repeatComplaintRate
    slaComplianceRate
    complaintsPer10kCustomers
    complaints
    targets {
      kpi
      target
      status
    }
  }
  byCategory: kpis(
    filter: $filter
    assessed: $assessed
    groupBy: [CATEGORY_GROUP]
  ) {
    key {
      category {
        id
        code
        nameZh
        nameEn
      }
    }
    complaints
    satisfactionRate
  }
  byChannel: kpis(filter: $filter, assessed: $assessed, groupBy: [CHANNEL]) {
    key {
      channel {
        id
        code
        nameZh
        nameEn
      }
    }
    complaints
    satisfactionRate
  }
  bySegment: kpis(filter: $filter, assessed: $assessed, groupBy: [SEGMENT]) {
    key {
      segment
    }
    complaints
    satisfactionRate
  }
  league: kpis(
    filter: $filter
    assessed: $assessed
    groupBy: [ORG_UNIT]
    orgUnitLevel: $leagueLevel
  ) {
    key {
      orgUnit {
        id
        code
        level
        nameZh
        nameEn
      }
    }
    satisfactionRate
    repeatComplaintRate
    slaComplianceRate
    complaintsPer10kCustomers
    complaints
    targets {
      kpi
      target
      status
    }
  }
}
    `) as unknown as TypedDocumentString<OverviewFromRollupsQuery, OverviewFromRollupsQueryVariables>;
export const OverviewFromFactsDocument = new TypedDocumentString(`
    query OverviewFromFacts($filter: KpiFilter!, $trendFilter: KpiFilter!, $assessed: Boolean, $totalsGrain: TimeGrain, $leagueLevel: OrgUnitLevel!) {
  totals: kpis(
    filter: $filter
    assessed: $assessed
    grain: $totalsGrain
    compareTo: PREVIOUS_PERIOD
  ) {
    medianResolutionHours
    backlog
    comparison {
      medianResolutionHours
      backlog
    }
    change {
      medianResolutionHours
      backlog
    }
    targets {
      kpi
      target
      status
      direction
    }
  }
  trend: kpis(filter: $trendFilter, assessed: $assessed, grain: MONTH) {
    key {
      period {
        label
      }
    }
    medianResolutionHours
    backlog
    targets {
      kpi
      target
      status
    }
  }
  league: kpis(
    filter: $filter
    assessed: $assessed
    groupBy: [ORG_UNIT]
    orgUnitLevel: $leagueLevel
  ) {
    key {
      orgUnit {
        id
      }
    }
    medianResolutionHours
    backlog
    targets {
      kpi
      target
      status
    }
  }
}
    `) as unknown as TypedDocumentString<OverviewFromFactsQuery, OverviewFromFactsQueryVariables>;
export const ResolutionDocument = new TypedDocumentString(`
    query Resolution($filter: KpiFilter!, $trendFilter: KpiFilter!, $assessed: Boolean) {
  bands: kpis(filter: $filter, assessed: $assessed) {
    resolvedComplaints
    resolvedWithin3BusinessDays
    resolvedWithin4Weeks
    resolvedIn4To8Weeks
    resolvedAfter8Weeks
  }
  trend: kpis(filter: $trendFilter, assessed: $assessed, grain: MONTH) {
    key {
      period {
        label
        start
        end
      }
    }
    medianResolutionHours
    p90ResolutionHours
    overdueBacklog
    backlog
  }
  slaByCategory: kpis(
    filter: $filter
    assessed: $assessed
    groupBy: [CATEGORY_GROUP]
  ) {
    key {
      category {
        id
        nameZh
        nameEn
      }
    }
    slaComplianceRate
    resolvedComplaints
    targets {
      kpi
      target
      status
    }
  }
}
    `) as unknown as TypedDocumentString<ResolutionQuery, ResolutionQueryVariables>;
export const RepeatDocument = new TypedDocumentString(`
    query Repeat($trendFilter: KpiFilter!, $assessed: Boolean, $complaints: ComplaintFilter!, $first: Int!) {
  trend: kpis(filter: $trendFilter, assessed: $assessed, grain: MONTH) {
    key {
      period {
        label
        start
        end
      }
    }
    repeatComplaintRate
    repeatComplaints
    complaints
    targets {
      kpi
      target
      status
    }
  }
  repeaters: topRepeatCustomers(filter: $complaints, first: $first) {
    repeatComplaints
    complaints
    lastComplaintAt
    customer {
      id
      name
      accountNo
      segment
    }
  }
}
    `) as unknown as TypedDocumentString<RepeatQuery, RepeatQueryVariables>;
export const CustomerComplaintsDocument = new TypedDocumentString(`
    query CustomerComplaints($id: ID!) {
  customer(id: $id) {
    id
    name
    accountNo
    segment
    complaints(first: 100) {
      totalCount
      nodes {
        id
        sourceId
        receivedAt
        status
        isRepeat
        category {
          nameZh
          nameEn
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerComplaintsQuery, CustomerComplaintsQueryVariables>;
export const SatisfactionDocument = new TypedDocumentString(`
    query Satisfaction($filter: KpiFilter!, $assessed: Boolean, $dissatisfied: SurveyFilter!) {
  byChannel: kpis(filter: $filter, assessed: $assessed, groupBy: [CHANNEL]) {
    key {
      channel {
        code
        nameZh
        nameEn
      }
    }
    satisfactionRate
    surveyResponseRate
    surveys
  }
  byCategory: kpis(
    filter: $filter
    assessed: $assessed
    groupBy: [CATEGORY_GROUP]
  ) {
    key {
      category {
        id
        nameZh
        nameEn
      }
    }
    satisfactionRate
    surveyResponseRate
    surveys
  }
  dissatisfied: surveys(filter: $dissatisfied, first: 50) {
    totalCount
    nodes {
      id
      surveyedAt
      score
      channel {
        nameZh
        nameEn
      }
      orgUnit {
        nameZh
        nameEn
      }
      category {
        nameZh
        nameEn
      }
      customer {
        name
      }
      complaint {
        id
        sourceId
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SatisfactionQuery, SatisfactionQueryVariables>;
export const RecordSurveyFollowUpDocument = new TypedDocumentString(`
    mutation RecordSurveyFollowUp($surveyId: ID!, $outcome: FollowUpOutcome!) {
  recordSurveyFollowUp(surveyId: $surveyId, outcome: $outcome) {
    surveyId
    outcome
  }
}
    `) as unknown as TypedDocumentString<RecordSurveyFollowUpMutation, RecordSurveyFollowUpMutationVariables>;