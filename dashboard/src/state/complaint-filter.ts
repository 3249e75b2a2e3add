import type { DayRange } from './date-presets.ts';
import type { ChannelCodeValue, Filters, SegmentCode } from './url-state.ts';

export type ComplaintFilterValue = {
  receivedDate: DayRange;
  orgUnitIds?: string[];
  categoryIds?: string[];
  channels?: ChannelCodeValue[];
  segments?: SegmentCode[];
  exempt?: boolean;
  isRepeat?: boolean;
};

/** The global filters as a complaint-list filter (assessed: exempt complaints left out, as in the KPIs). */
export function complaintFilter(filters: Filters, range: DayRange): ComplaintFilterValue {
  const filter: ComplaintFilterValue = { receivedDate: range };
  if (filters.orgUnitId) filter.orgUnitIds = [filters.orgUnitId];
  if (filters.categoryIds.length) filter.categoryIds = filters.categoryIds;
  if (filters.channels.length) filter.channels = filters.channels;
  if (filters.segments.length) filter.segments = filters.segments;
  if (filters.assessed) filter.exempt = false;
  return filter;
}
