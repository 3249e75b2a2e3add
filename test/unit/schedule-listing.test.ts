import { describe, expect, it } from 'vitest';
import type { ExportDeliveryRecord, ExportScheduleRecord } from '../../server/exports/export-schedules.ts';
import { formatSchedules } from '../../server/exports/schedule-listing.format.ts';

const delivery = (d: Partial<ExportDeliveryRecord>): ExportDeliveryRecord => ({
  period: '2026-10', exportId: '7', status: 'DONE', attempts: 1, error: null, createdAt: new Date('2026-11-03T00:00:00Z'), deliveredAt: null, path: null, ...d,
});
const schedule = (s: Partial<ExportScheduleRecord>): ExportScheduleRecord => ({
  id: '3', period: 'MONTHLY', orgUnitId: 1, orgUnitCode: 'ZJ', formats: ['XLSX', 'PDF'], firstPeriod: '2026-09', delayDays: 2, ownerId: 'admin',
  createdAt: new Date('2026-09-01T00:00:00Z'), enabled: true, disabledAt: null, disabledBy: null, deliveries: [], ...s,
});

describe('npm run export -- schedules', () => {
  it('says per period whether the return was delivered, is on its way, or failed and will be retried or not', () => {
    expect(formatSchedules([
      schedule({
        deliveries: [
          delivery({ period: '2026-10', exportId: '9', status: 'FAILED', attempts: 2, error: 'disk full' }),
          delivery({ period: '2026-09', exportId: '8', status: 'FAILED', attempts: 5, error: 'disk full' }),
          delivery({ period: '2026-08', exportId: '7', deliveredAt: new Date('2026-09-02T01:00:00Z'), path: '3/2026-08' }),
          delivery({ period: '2026-07', exportId: '6', status: 'RUNNING' }),
        ],
      }),
      schedule({ id: '2', period: 'QUARTERLY', orgUnitCode: 'ZJ-HZ', formats: ['CSV'], firstPeriod: '2026-Q1', delayDays: 0, enabled: false, disabledBy: 'admin' }),
    ])).toEqual([
      'schedule 3: MONTHLY return of ZJ, XLSX, PDF, from 2026-09, 2 day(s) after each period, by admin',
      '  2026-10  export 9  FAILED (2 runs; the scheduler tries again): disk full',
      '  2026-09  export 8  FAILED (5 runs; no more retries, generate it again with npm run export -- monthly|quarterly): disk full',
      '  2026-08  export 7  delivered 2026-09-02T01:00:00.000Z to 3/2026-08',
      '  2026-07  export 6  RUNNING, not delivered yet',
      'schedule 2: QUARTERLY return of ZJ-HZ, CSV, from 2026-Q1, by admin — DISABLED by admin',
      '  no period generated yet',
    ]);
    expect(formatSchedules([])).toEqual(['no export schedules']);
  });
});
