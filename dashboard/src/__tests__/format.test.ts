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
  it('keeps percentage axes within 0–100 % in 5-point bounds, and starts other axes at zero', async () => {
    const { valueAxis } = await import('../charts/axis.ts');
    expect(valueAxis('percent', [0.873, 0.93], 'en').domain).toEqual([0.84, 0.96]);
    expect(valueAxis('percent', [0.6, 0.93], 'en').domain).toEqual([0.6, 1]);
    expect(valueAxis('percent', [0.96, 0.991], 'en').domain).toEqual([0.95, 1]);
    expect(valueAxis('hours', [33, 48], 'en').domain).toEqual([0, 50]);
    expect(valueAxis('count', [], 'en')).toMatchObject({ domain: [0, 1], ticks: [0, 1] });
  });

  it('puts the target on the axis and never labels two ticks alike', async () => {
    const { valueAxis } = await import('../charts/axis.ts');
    // Satisfaction 91–93 % against a 95 % target: the axis reaches the target, in 1-point steps.
    const satisfaction = valueAxis('percent', [0.912, 0.931, null, 0.95], 'en');
    expect(satisfaction.ticks).toEqual([0.9, 0.91, 0.92, 0.93, 0.94, 0.95]);
    expect(satisfaction.ticks.map(satisfaction.tick)).toEqual(['90%', '91%', '92%', '93%', '94%', '95%']);
    // A flat series at its target: still a 5-point axis, and distinct labels.
    const flat = valueAxis('percent', [0.95, 0.95], 'zh-CN');
    expect(flat.ticks.map(flat.tick)).toEqual(['90%', '91%', '92%', '93%', '94%', '95%']);
    // Short resolution times: half-hour steps need a decimal (whole hours read "1 h, 1 h, 2 h").
    const hours = valueAxis('hours', [0.8, 1.7], 'en');
    expect(hours.ticks).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(hours.ticks.map(hours.tick)).toEqual(['0.0 h', '0.5 h', '1.0 h', '1.5 h', '2.0 h']);
    // Counts step in whole numbers.
    const counts = valueAxis('count', [2, 3], 'en');
    expect(counts.ticks).toEqual([0, 1, 2, 3]);
    expect(valueAxis('count', [1180, 12_345], 'en').ticks.map(valueAxis('count', [12_345], 'en').tick)).toEqual(['0', '5,000', '10,000', '15,000']);
    for (const [format, values] of [['percent', [0.5, 0.51]], ['hours', [12, 13]], ['decimal', [0.1, 0.13]], ['score', [4.1, 4.6]]] as const) {
      const axis = valueAxis(format, values, 'en');
      expect(new Set(axis.ticks.map(axis.tick)).size).toBe(axis.ticks.length);
    }
  });

  it('labels bar axes briefly', async () => {
    const { axisTick } = await import('../charts/axis.ts');
    expect(axisTick('percent', 'en')(0.95)).toBe('95%');
    expect(axisTick('hours', 'zh-CN')(48)).toBe('48 h');
    expect(axisTick('count', 'en')(1200)).toBe('1,200');
  });
});
