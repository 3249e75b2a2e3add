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

/** Calendar days in the utility’s time zone, both ends inclusive: January is { from: "2026-01-01", to: "2026-01-31" }. */
export type DateRange = {
  /** First day (inclusive). */
  from: string;
  /** Last day (inclusive); not before `from`. */
  to: string;
};

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

export type OverviewQueryVariables = Exact<{
  filter: KpiFilter;
  trendFilter: KpiFilter;
  assessed?: boolean | null | undefined;
  totalsGrain?: TimeGrain | null | undefined;
  leagueLevel: OrgUnitLevel;
}>;


export type OverviewQuery = { totals: Array<{ satisfactionRate: number | null, repeatComplaintRate: number | null, medianResolutionHours: number | null, slaComplianceRate: number | null, complaintsPer10kCustomers: number | null, complaints: number, backlog: number, key: { period: { label: string, start: string, end: string } | null }, comparison: { satisfactionRate: number | null, repeatComplaintRate: number | null, medianResolutionHours: number | null, slaComplianceRate: number | null, complaintsPer10kCustomers: number | null, complaints: number | null, backlog: number | null } | null, change: { satisfactionRate: number | null, repeatComplaintRate: number | null, medianResolutionHours: number | null, slaComplianceRate: number | null, complaintsPer10kCustomers: number | null, complaints: number | null, backlog: number | null } | null, targets: Array<{ kpi: string, target: number, status: Rag | null, direction: TargetDirection }> }>, trend: Array<{ satisfactionRate: number | null, repeatComplaintRate: number | null, medianResolutionHours: number | null, slaComplianceRate: number | null, complaintsPer10kCustomers: number | null, complaints: number, backlog: number, key: { period: { label: string, start: string, end: string } | null }, targets: Array<{ kpi: string, target: number, status: Rag | null }> }>, byCategory: Array<{ complaints: number, satisfactionRate: number | null, key: { category: { id: string, code: string, nameZh: string, nameEn: string } | null } }>, byChannel: Array<{ complaints: number, satisfactionRate: number | null, key: { channel: { id: string, code: ChannelCode, nameZh: string, nameEn: string } | null } }>, bySegment: Array<{ complaints: number, satisfactionRate: number | null, key: { segment: Segment | null } }>, league: Array<{ satisfactionRate: number | null, repeatComplaintRate: number | null, medianResolutionHours: number | null, slaComplianceRate: number | null, complaintsPer10kCustomers: number | null, complaints: number, backlog: number, key: { orgUnit: { id: string, code: string, level: OrgUnitLevel, nameZh: string, nameEn: string } | null }, targets: Array<{ kpi: string, target: number, status: Rag | null }> }> };

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
export const OverviewDocument = new TypedDocumentString(`
    query Overview($filter: KpiFilter!, $trendFilter: KpiFilter!, $assessed: Boolean, $totalsGrain: TimeGrain, $leagueLevel: OrgUnitLevel!) {
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
    medianResolutionHours
    slaComplianceRate
    complaintsPer10kCustomers
    complaints
    backlog
    comparison {
      satisfactionRate
      repeatComplaintRate
      medianResolutionHours
      slaComplianceRate
      complaintsPer10kCustomers
      complaints
      backlog
    }
    change {
      satisfactionRate
      repeatComplaintRate
      medianResolutionHours
      slaComplianceRate
      complaintsPer10kCustomers
      complaints
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
        start
        end
      }
    }
    satisfactionRate
    repeatComplaintRate
    medianResolutionHours
    slaComplianceRate
    complaintsPer10kCustomers
    complaints
    backlog
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
    medianResolutionHours
    slaComplianceRate
    complaintsPer10kCustomers
    complaints
    backlog
    targets {
      kpi
      target
      status
    }
  }
}
    `) as unknown as TypedDocumentString<OverviewQuery, OverviewQueryVariables>;