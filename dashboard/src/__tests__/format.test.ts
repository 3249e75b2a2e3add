import { describe, expect, it } from 'vitest';
import { formatChange, formatDateTime, formatDay, formatKpi, formatPeriodLabel, MISSING } from '../i18n/format.ts';

describe('formatting per locale', () => {
  it('formats each kind of KPI in English and Chinese', () => {
    expect(formatKpi(0.9345, 'percent', 'en')).toBe('93.5%');
    expect(formatKpi(0.9345, 'percent', 'zh-CN')).toBe('93.5%');
    expect(formatKpi(12345, 'count', 'en')).toBe('12,345');
    expect(formatKpi(12345, 'count', 'zh-CN')).toBe('12,345');
    expect(formatKpi(43.56, 'hours', 'en')).toBe('43.6 h');
    expect(formatKpi(43.56, 'hours', 'zh-CN')).toBe('43.6 小时');
    expect(formatKpi(805.84, 'decimal', 'en')).toBe('805.8');
    expect(formatKpi(4.256, 'score', 'en')).toBe('4.26');
    expect(formatKpi(1200, 'money', 'zh-CN')).toBe('¥1,200');
  });

  it('never shows NaN, undefined or null: a missing value is a dash', () => {
    for (const value of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatKpi(value, 'percent', 'en')).toBe(MISSING);
      expect(formatKpi(value, 'count', 'zh-CN')).toBe(MISSING);
      expect(formatChange(value, 1, 'count', 'en')).toBe(MISSING);
    }
    expect(formatDay('not a day', 'en')).toBe(MISSING);
    expect(formatDateTime('garbage', 'en')).toBe(MISSING);
  });

  it('shows a ratio\'s change in percentage points and a count\'s relative to the previous period', () => {
    expect(formatChange(0.012, 0.92, 'percent', 'en')).toBe('+1.2 pp');
    expect(formatChange(-0.061, 0.99, 'percent', 'zh-CN')).toBe('−6.1 个百分点');
    expect(formatChange(50, 200, 'count', 'en')).toBe('+25.0%');
    expect(formatChange(-4, 6, 'count', 'en')).toBe('−66.7%');
    // No comparison to divide by: the absolute change.
    expect(formatChange(12, 0, 'count', 'en')).toBe('+12');
    expect(formatChange(0, 10, 'count', 'en')).toBe('0.0%');
  });

  it('formats days without shifting them, and instants in the utility\'s time zone', () => {
    expect(formatDay('2026-01-31', 'en')).toBe('Jan 31, 2026');
    expect(formatDay('2026-01-31', 'zh-CN')).toBe('2026年1月31日');
    // 16:30 UTC is 00:30 the next day in Shanghai.
    expect(formatDateTime('2026-03-01T16:30:00Z', 'zh-CN')).toBe('2026/03/02 00:30');
  });

  it('labels the API\'s periods per locale', () => {
    expect(formatPeriodLabel('2026-03', 'en')).toBe('Mar 2026');
    expect(formatPeriodLabel('2026-03', 'zh-CN')).toBe('2026年3月');
    expect(formatPeriodLabel('2026-Q1', 'zh-CN')).toBe('2026年第1季度');
    expect(formatPeriodLabel('2026-W09', 'en')).toBe('W09 2026');
    expect(formatPeriodLabel('2026', 'en')).toBe('2026');
  });
});
