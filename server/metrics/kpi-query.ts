import type { Viewer } from '../auth/viewer.ts';
import type { OrgUnitLevel } from '../entities/org-unit.entity.ts';

/** Calendar buckets of the anchor date (ISO weeks start on Monday). */
export const TIME_GRAINS = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type TimeGrain = (typeof TIME_GRAINS)[number];

/** What a KPI result can be broken down by, besides time. */
export const KPI_DIMENSIONS = ['ORG_UNIT', 'CATEGORY_GROUP', 'CATEGORY', 'CHANNEL', 'SEGMENT', 'SPECIAL_FLAG'] as const;

/** Special-customer flags as a dimension: NONE for customers holding none. */
export const KPI_FLAGS = ['MALICIOUS_COMPLAINANT', 'ELECTRICITY_THEFT', 'ARREARS', 'NONE'] as const;
export type KpiFlag = (typeof KPI_FLAGS)[number];
export type KpiDimension = (typeof KPI_DIMENSIONS)[number];

export type KpiFilterValues = {
  /** Inclusive local days. */
  from: string;
  to: string;
  /** Database ids of org-unit subtree roots. */
  orgUnitIds?: number[];
  /** Database ids of categories (a group includes its categories). */
  categoryIds?: number[];
  channelCodes?: string[];
  segments?: string[];
  /** Customers holding one of these flags on the fact's date (NONE: holding none). */
  flags?: KpiFlag[];
  /** Depth of the deepest org unit in orgUnitIds (1 province … 4 station); unknown means station. */
  orgUnitFilterDepth?: number;
};

/** A KPI question: measures × dimensions × grain, over filtered facts. */
export type KpiQuery = {
  measures: string[];
  groupBy: KpiDimension[];
  orgUnitLevel: OrgUnitLevel;
  grain: TimeGrain | null;
  filter: KpiFilterValues;
  /** true: leave out complaints covered by approved exemption filings, and the surveys that follow them. */
  assessed: boolean;
  viewer: Viewer;
  /** The utility's time zone: a period ends at the local midnight after its last day. */
  timeZone: string;
  /**
   * A second, earlier range computed in the same statement (compareTo). Its
   * rows come back with their own period starts, to be paired with the main
   * range's rows (kpi-comparison.ts).
   */
  comparison?: { from: string; to: string };
  /** auto (default): the rollups when they cover the query, else the facts. */
  source?: 'auto' | 'facts' | 'rollups';
};

/** One row of a KPI result: its group keys and a value per requested measure. */
export type KpiResultRow = {
  periodStart: string | null;
  orgUnitId: number | null;
  categoryId: number | null;
  channelId: number | null;
  segment: string | null;
  flag: KpiFlag | null;
  values: Record<string, number | null>;
};

/** Depth of each org-unit level in the tree (1 = province). */
export const ORG_DEPTH = { PROVINCE: 1, CITY: 2, COUNTY: 3, STATION: 4 } as const;

/** Results are never cut silently: more rows than this is an error. */
export const MAX_KPI_ROWS = 5_000;
