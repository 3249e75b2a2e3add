// The global filters live in the URL's query string, so a copied link reopens
// the same view and back/forward walk through earlier views. Parsing is
// forgiving: an unknown or malformed value is dropped, never an error page.
import { DATE_PRESETS, isIsoDay, presetRange, type DatePreset, type DayRange } from './date-presets.ts';

export const SEGMENTS = ['RESIDENTIAL', 'COMMERCIAL', 'INDUSTRIAL', 'LARGE_ACCOUNT'] as const;
export type SegmentCode = (typeof SEGMENTS)[number];

export const CHANNELS = ['HOTLINE_95598', 'ONLINE_HALL', 'MOBILE_APP', 'SERVICE_HALL', 'REGULATOR_12398', 'LETTERS_AND_VISITS', 'SOCIAL_MEDIA'] as const;
export type ChannelCodeValue = (typeof CHANNELS)[number];

export type Filters = {
  preset: DatePreset;
  /** Only for the custom preset; other presets compute their range from today. */
  custom: DayRange | null;
  orgUnitId: string | null;
  categoryIds: string[];
  channels: ChannelCodeValue[];
  segments: SegmentCode[];
  assessed: boolean;
};

export const DEFAULT_PRESET: DatePreset = 'last12Months';

export const EMPTY_FILTERS: Filters = {
  preset: DEFAULT_PRESET, custom: null, orgUnitId: null, categoryIds: [], channels: [], segments: [], assessed: true,
};

/** URL parameter names of the global filters (other parameters belong to pages). */
export const FILTER_PARAMS = ['period', 'from', 'to', 'org', 'cat', 'ch', 'seg', 'view'] as const;

function list(params: URLSearchParams, name: string): string[] {
  const value = params.get(name);
  if (!value) return [];
  return [...new Set(value.split(',').map((v) => v.trim()).filter(Boolean))];
}

function oneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

export function parseFilters(params: URLSearchParams): Filters {
  const presetParam = params.get('period') ?? '';
  let preset: DatePreset = oneOf(DATE_PRESETS, presetParam) ? presetParam : DEFAULT_PRESET;
  let custom: DayRange | null = null;
  if (preset === 'custom') {
    const from = params.get('from') ?? '';
    const to = params.get('to') ?? '';
    if (isIsoDay(from) && isIsoDay(to) && from <= to) custom = { from, to };
    else preset = DEFAULT_PRESET;
  }
  return {
    preset,
    custom,
    orgUnitId: params.get('org') || null,
    categoryIds: list(params, 'cat'),
    channels: list(params, 'ch').filter((c): c is ChannelCodeValue => oneOf(CHANNELS, c)),
    segments: list(params, 'seg').filter((s): s is SegmentCode => oneOf(SEGMENTS, s)),
    assessed: params.get('view') !== 'raw',
  };
}

/**
 * Writes the filters into `params` (keeping the page's own parameters),
 * leaving defaults out so links stay short.
 */
export function writeFilters(filters: Filters, params: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const name of FILTER_PARAMS) next.delete(name);
  if (filters.preset !== DEFAULT_PRESET) next.set('period', filters.preset);
  if (filters.preset === 'custom' && filters.custom) {
    next.set('from', filters.custom.from);
    next.set('to', filters.custom.to);
  }
  if (filters.orgUnitId) next.set('org', filters.orgUnitId);
  if (filters.categoryIds.length) next.set('cat', filters.categoryIds.join(','));
  if (filters.channels.length) next.set('ch', filters.channels.join(','));
  if (filters.segments.length) next.set('seg', filters.segments.join(','));
  if (!filters.assessed) next.set('view', 'raw');
  return next;
}

/** The date range the filters stand for, on `today`. */
export function filterRange(filters: Filters, today: string): DayRange {
  if (filters.preset !== 'custom') return presetRange(filters.preset, today);
  return filters.custom ?? presetRange('last12Months', today);
}

/** The API's KpiFilter (and, with `omit`, the same without one dimension: a picker's own counts). */
export type KpiFilterValue = {
  dateRange: DayRange;
  orgUnitIds?: string[];
  categoryIds?: string[];
  channels?: ChannelCodeValue[];
  segments?: SegmentCode[];
};

export type FilterDimension = 'org' | 'category' | 'channel' | 'segment';

export function kpiFilter(filters: Filters, range: DayRange, omit?: FilterDimension): KpiFilterValue {
  const filter: KpiFilterValue = { dateRange: range };
  if (filters.orgUnitId && omit !== 'org') filter.orgUnitIds = [filters.orgUnitId];
  if (filters.categoryIds.length && omit !== 'category') filter.categoryIds = filters.categoryIds;
  if (filters.channels.length && omit !== 'channel') filter.channels = filters.channels;
  if (filters.segments.length && omit !== 'segment') filter.segments = filters.segments;
  return filter;
}

/** Toggles one value in a list (a picker's click, a pill's remove button). */
export function toggle<T>(values: T[], value: T): T[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}
