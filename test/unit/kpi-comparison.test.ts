import { describe, expect, it } from 'vitest';
import { comparisonRange, shiftBack } from '../../server/metrics/kpi-comparison.ts';
import { kpiPeriod } from '../../server/metrics/periods.ts';

describe('comparison periods', () => {
  it('compare whole months with the same number of whole months before', () => {
    expect(comparisonRange({ from: '2026-01-01', to: '2026-03-31' }, 'PREVIOUS_PERIOD', null)).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(comparisonRange({ from: '2024-03-01', to: '2024-03-31' }, 'PREVIOUS_PERIOD', null)).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });

  it('compare other ranges with the same number of days just before', () => {
    expect(comparisonRange({ from: '2026-03-10', to: '2026-03-16' }, 'PREVIOUS_PERIOD', null)).toEqual({ from: '2026-03-03', to: '2026-03-09' });
  });

  it('compare with the same period a year earlier, month ends kept (Feb 29 → Feb 28)', () => {
    expect(comparisonRange({ from: '2024-01-01', to: '2024-02-29' }, 'SAME_PERIOD_LAST_YEAR', null)).toEqual({ from: '2023-01-01', to: '2023-02-28' });
    expect(shiftBack('2026-04-01', 'SAME_PERIOD_LAST_YEAR', 'QUARTER', { from: '2026-01-01', to: '2026-12-31' })).toBe('2025-04-01');
    // Day by day, each date meets the same date (2025-02-28 meets 2024-02-28, not the 29th).
    expect(shiftBack('2025-02-28', 'SAME_PERIOD_LAST_YEAR', 'DAY', { from: '2025-02-01', to: '2025-02-28' })).toBe('2024-02-28');
    expect(shiftBack('2024-02-29', 'SAME_PERIOD_LAST_YEAR', 'DAY', { from: '2024-02-01', to: '2024-02-29' })).toBe('2023-02-28');
  });

  it('compare each bucket with the one before it, ISO weeks with the week 52 weeks earlier', () => {
    const range = { from: '2026-01-01', to: '2026-06-30' };
    expect(shiftBack('2026-04-01', 'PREVIOUS_PERIOD', 'QUARTER', range)).toBe('2026-01-01');
    expect(shiftBack('2026-03-02', 'PREVIOUS_PERIOD', 'WEEK', range)).toBe('2026-02-23');
    expect(shiftBack('2026-03-02', 'SAME_PERIOD_LAST_YEAR', 'WEEK', range)).toBe('2025-03-03'); // also a Monday
    expect(comparisonRange(range, 'PREVIOUS_PERIOD', 'MONTH')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    // The bucket before the first is whole and ends where the first bucket starts (Mon 2025-12-29).
    expect(comparisonRange({ from: '2026-01-01', to: '2026-01-31' }, 'PREVIOUS_PERIOD', 'WEEK')).toEqual({ from: '2025-12-22', to: '2025-12-28' });
    expect(comparisonRange({ from: '2026-01-15', to: '2026-03-31' }, 'PREVIOUS_PERIOD', 'MONTH')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });
});

describe('KPI periods', () => {
  it('are labelled and clipped to the range', () => {
    const range = { from: '2026-01-01', to: '2026-02-15' };
    expect(kpiPeriod('2025-12-29', 'WEEK', range)).toEqual({ start: '2026-01-01', end: '2026-01-04', label: '2026-W01' });
    expect(kpiPeriod('2026-02-01', 'MONTH', range)).toEqual({ start: '2026-02-01', end: '2026-02-15', label: '2026-02' });
    expect(kpiPeriod('2026-01-01', 'QUARTER', { from: '2026-01-01', to: '2026-12-31' })).toEqual({ start: '2026-01-01', end: '2026-03-31', label: '2026-Q1' });
  });
});
