import { MAX_SCHEDULED_ATTEMPTS, type ExportDeliveryRecord, type ExportScheduleRecord } from './export-schedules.ts';

// `npm run export -- schedules`: what an operator checks in the morning —
// every schedule, and per period whether its return was delivered, is on
// its way, or failed (and whether the scheduler will try it again).

export function formatSchedules(schedules: readonly ExportScheduleRecord[]): string[] {
  if (schedules.length === 0) return ['no export schedules'];
  return schedules.flatMap((s) => [
    `schedule ${s.id}: ${s.period} return of ${s.orgUnitCode}, ${s.formats.join(', ')}, from ${s.firstPeriod}` +
      `${s.delayDays ? `, ${s.delayDays} day(s) after each period` : ''}, by ${s.ownerId}` +
      (s.enabled ? '' : ` — DISABLED${s.disabledBy ? ` by ${s.disabledBy}` : ''}`),
    ...(s.deliveries.length ? s.deliveries.map((d) => `  ${d.period}  export ${d.exportId}  ${deliveryState(d)}`) : ['  no period generated yet']),
  ]);
}

function deliveryState(d: ExportDeliveryRecord): string {
  if (d.deliveredAt) return `delivered ${d.deliveredAt.toISOString()} to ${d.path}`;
  if (d.status !== 'FAILED') return `${d.status}, not delivered yet`;
  const runs = `${d.attempts} run${d.attempts === 1 ? '' : 's'}`;
  return d.attempts < MAX_SCHEDULED_ATTEMPTS
    ? `FAILED (${runs}; the scheduler tries again): ${d.error}`
    : `FAILED (${runs}; no more retries, generate it again with npm run export -- monthly|quarterly): ${d.error}`;
}
