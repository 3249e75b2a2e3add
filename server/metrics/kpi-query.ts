import type { Viewer } from '../auth/viewer.ts';
import type { OrgUnitLevel } from '../entities/org-unit.entity.ts';

/** Calendar buckets of the anchor date (ISO weeks start on Monday). */
export const TIME_GRAINS = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type TimeGrain = (typeof TIME_GRAINS)[number];

/** What a KPI result can be broken down by, besides time. */
export const KPI_DIMENSIONS = ['ORG_UNIT', 'CATEGORY_GROUP', 'CATEGORY', 'CHANNEL', 'SEGMENT'] as const;
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
};

/** One row of a KPI result: its group keys and a value per requested measure. */
export type KpiResultRow = {
  periodStart: string | null;
  orgUnitId: number | null;
  categoryId: number | null;
  channelId: number | null;
  segment: string | null;
  values: Record<string, number | null>;
};

/** Results are never cut silently: more rows than this is an error. */
export const MAX_KPI_ROWS = 5_000;
