import type { I18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import type { Reference } from '../reference/ReferenceProvider.tsx';
import type { DatePreset } from '../state/date-presets.ts';
import type { SegmentCode } from '../state/url-state.ts';

export const PRESET_LABELS: Record<DatePreset, MessageKey> = {
  thisMonth: 'presetThisMonth',
  lastMonth: 'presetLastMonth',
  last12Months: 'presetLast12Months',
  yearToDate: 'presetYearToDate',
  custom: 'presetCustom',
};

export function segmentName(i18n: I18n, segment: SegmentCode | string | null | undefined): string {
  if (!segment) return '—';
  return i18n.t(`segment${segment}` as MessageKey);
}

export function channelName(i18n: I18n, reference: Reference | undefined, code: string): string {
  const channel = reference?.channel(code);
  return channel ? i18n.name(channel) : code;
}

export function categoryName(i18n: I18n, reference: Reference | undefined, id: string): string {
  const category = reference?.category(id);
  return category ? i18n.name(category) : '…';
}
