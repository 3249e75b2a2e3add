import { describe, expect, it } from 'vitest';
import { formatChange, formatCompact, formatDateTime, formatDay, formatKpi, formatPeriodLabel, MISSING } from '../i18n/format.ts';

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

  it('shortens axis ticks in each language', () => {
    expect(formatCompact(250_000, 'en')).toBe('250K');
    expect(formatCompact(250_000, 'zh-CN')).toBe('25万');
    expect(formatCompact(40, 'en')).toBe('40');
    expect(formatCompact(null, 'en')).toBe(MISSING);
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

describe('chart axes', () => {
  it('keeps percentage axes within 0–100 % and starts other axes at zero', async () => {
    const { axisTick, valueDomain } = await import('../charts/axis.ts');
    const [low, high] = valueDomain('percent') as [(v: number) => number, (v: number) => number];
    expect(low(0.873)).toBeCloseTo(0.85);
    expect(high(0.991)).toBe(1);
    expect(high(0.93)).toBeCloseTo(0.95);
    const [start] = valueDomain('hours') as [(v: number) => number, unknown];
    expect(start(33)).toBe(0);
    expect(axisTick('percent', 'en')(0.95)).toBe('95%');
    expect(axisTick('hours', 'zh-CN')(48)).toBe('48 h');
    expect(axisTick('count', 'en')(1200)).toBe('1,200');
  });
});
