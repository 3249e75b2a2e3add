import { describe, expect, it } from 'vitest';
import { wholeMonthsAndDays } from '../../server/metrics/periods.ts';

// How a range splits into the whole months the monthly rollup rows answer and
// the days the daily rows answer (server/metrics/kpi-query.compiler.ts).

describe('wholeMonthsAndDays', () => {
  it('splits a range ending mid-month into its whole months and the days around them', () => {
    expect(wholeMonthsAndDays({ from: '2025-10-20', to: '2026-10-20' })).toEqual({
      months: { from: '2025-11-01', to: '2026-09-30' },
      days: [{ from: '2025-10-20', to: '2025-10-31' }, { from: '2026-10-01', to: '2026-10-20' }],
    });
    // The dashboard's "last 12 months": whole months up to last month, then this month's days.
    expect(wholeMonthsAndDays({ from: '2025-12-01', to: '2026-11-27' })).toEqual({
      months: { from: '2025-12-01', to: '2026-10-31' },
      days: [{ from: '2026-11-01', to: '2026-11-27' }],
    });
  });

  it('leaves whole months whole, and a range inside one month as days', () => {
    expect(wholeMonthsAndDays({ from: '2024-01-01', to: '2024-02-29' })).toEqual({ months: { from: '2024-01-01', to: '2024-02-29' }, days: [] });
    expect(wholeMonthsAndDays({ from: '2026-03-05', to: '2026-03-12' })).toEqual({ months: null, days: [{ from: '2026-03-05', to: '2026-03-12' }] });
    // Across a month's end with no whole month between: days only.
    expect(wholeMonthsAndDays({ from: '2026-01-15', to: '2026-02-10' })).toEqual({ months: null, days: [{ from: '2026-01-15', to: '2026-02-10' }] });
    // From a month's second day to the next month's end: that month whole, the first month's days.
    expect(wholeMonthsAndDays({ from: '2026-01-02', to: '2026-02-28' })).toEqual({
      months: { from: '2026-02-01', to: '2026-02-28' }, days: [{ from: '2026-01-02', to: '2026-01-31' }],
    });
  });
});
