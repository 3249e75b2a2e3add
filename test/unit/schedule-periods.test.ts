import { describe, expect, it } from 'vitest';
import { duePeriods, isDue, MAX_PERIODS_PER_TURN, nextPeriod, periodOf } from '../../server/exports/schedule-periods.ts';

describe('periods of scheduled returns', () => {
  it('steps months and quarters across the year end', () => {
    expect(nextPeriod('MONTHLY', '2026-09')).toBe('2026-10');
    expect(nextPeriod('MONTHLY', '2026-12')).toBe('2027-01');
    expect(nextPeriod('QUARTERLY', '2026-Q3')).toBe('2026-Q4');
    expect(nextPeriod('QUARTERLY', '2026-Q4')).toBe('2027-Q1');
    expect(periodOf('MONTHLY', '2026-11-27')).toBe('2026-11');
    expect(periodOf('QUARTERLY', '2026-11-27')).toBe('2026-Q4');
    expect(periodOf('QUARTERLY', '2026-03-31')).toBe('2026-Q1');
  });

  it('is due the day after the period’s last day plus the delay', () => {
    expect(isDue('MONTHLY', '2026-10', 0, '2026-10-31')).toBe(false);
    expect(isDue('MONTHLY', '2026-10', 0, '2026-11-01')).toBe(true);
    expect(isDue('MONTHLY', '2026-10', 3, '2026-11-03')).toBe(false);
    expect(isDue('MONTHLY', '2026-10', 3, '2026-11-04')).toBe(true);
    expect(isDue('MONTHLY', '2024-02', 0, '2024-02-29')).toBe(false); // a leap year's February
    expect(isDue('QUARTERLY', '2026-Q3', 5, '2026-10-06')).toBe(true);
    expect(isDue('QUARTERLY', '2026-Q4', 0, '2026-12-31')).toBe(false);
  });

  it('lists the missed periods from the first on, oldest first, leaving out those done, a bounded number a turn', () => {
    expect(duePeriods('MONTHLY', '2026-08', 0, '2026-11-27', new Set(['2026-09']))).toEqual(['2026-08', '2026-10']);
    expect(duePeriods('MONTHLY', '2026-11', 0, '2026-11-27', new Set())).toEqual([]);
    expect(duePeriods('QUARTERLY', '2026-Q1', 0, '2026-11-27', new Set())).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(duePeriods('MONTHLY', '2020-01', 0, '2026-11-27', new Set())).toHaveLength(MAX_PERIODS_PER_TURN);
  });
});
