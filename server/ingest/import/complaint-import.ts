import { inScope } from '../../auth/viewer.ts';
import { CalendarRangeError, resolutionTiming } from '../../calendar/business-calendar.ts';
import { refreshRollups } from '../../rollups/rollup-refresh.ts';
import { applyExemptionCoverage } from '../exemption-coverage.ts';
import { refreshRepeatFlagsForDays } from '../repeat-detection.ts';
import { lookupCustomers } from './customer-lookup.ts';
import { reason } from './import-reasons.ts';
import type { Checked, ColumnSpec, KindHandler } from './import.types.ts';
import { RowReader } from './row-reader.ts';
import { upsertStatement } from './upsert-statement.ts';
import { CHANNEL_CODES } from '../../entities/channel.entity.ts';
import { COMPLAINT_STATUSES } from '../../entities/complaint.entity.ts';


export const COMPLAINT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'source_system', type: 'text', required: true, description: 'System the work order comes from (e.g. CRM_95598); with source_id, the work order\'s identity' },
  { name: 'source_id', type: 'text', required: true, description: 'Work-order number in that system' },
  { name: 'account_no', type: 'text', required: true, description: 'Customer account number (must exist: import customers first)' },
  { name: 'category_code', type: 'code', required: true, description: 'Level-2 complaint category code (dim_category.code)' },
  { name: 'channel_code', type: 'code', required: true, allowed: CHANNEL_CODES, description: 'Channel it came in by' },
  { name: 'org_unit_code', type: 'code', required: false, description: 'Org unit handling it; default: the customer\'s' },
  { name: 'received_at', type: 'date-time', required: true, description: 'When it was received' },
  { name: 'first_response_at', type: 'date-time', required: false, description: 'First response; not before received_at' },
  { name: 'resolved_at', type: 'date-time', required: false, description: 'Resolution; not before received_at; required exactly when status is RESOLVED or CLOSED' },
  { name: 'closed_at', type: 'date-time', required: false, description: 'Closure; not before resolved_at; required exactly when status is CLOSED' },
  { name: 'status', type: 'code', required: true, allowed: COMPLAINT_STATUSES, description: 'Current state of the work order' },
  { name: 'description', type: 'text', required: false, description: 'What the customer complained about' },
  { name: 'reopened_count', type: 'integer ≥ 0', required: false, description: 'Times reopened (default 0; 1 for REOPENED)' },
  { name: 'escalated', type: 'boolean', required: false, description: 'Escalated (default false)' },
  { name: 'upheld', type: 'boolean', required: false, description: 'Complaint upheld (default false)' },
  { name: 'resolved_at_first_contact', type: 'boolean', required: false, description: 'Settled during the first contact (default false)' },
  { name: 'redress_amount', type: 'decimal ≥ 0', required: false, description: 'Compensation paid, yuan (default 0)' },
  { name: 'updated_at', type: 'date-time', required: false, description: 'When the source system last changed the work order; an older version never replaces a newer one (files may arrive out of order)' },
];

export type ComplaintRecord = {
  source_system: string; source_id: string; customer_id: string; customer_segment: string; category_id: number;
  channel_id: number; org_unit_id: number; received_date: string; resolved_date: string | null; received_at: string;
  first_response_at: string | null; resolved_at: string | null; closed_at: string | null; status: string; description: string;
  calendar_minutes_to_resolve: number | null; business_minutes_to_resolve: number | null; sla_due_at: string; sla_met: boolean | null;
  reopened_count: number; escalated: boolean; upheld: boolean; resolved_at_first_contact: boolean; redress_amount: string;
  source_updated_at: string | null;
};

const UPSERT = upsertStatement({
  table: 'fact_complaint',
  columns: [
    ['source_system', 'text'], ['source_id', 'text'], ['customer_id', 'bigint'], ['customer_segment', 'text'], ['category_id', 'integer'],
    ['channel_id', 'smallint'], ['org_unit_id', 'integer'], ['received_date', 'date'], ['resolved_date', 'date'], ['received_at', 'timestamptz'],
    ['first_response_at', 'timestamptz'], ['resolved_at', 'timestamptz'], ['closed_at', 'timestamptz'], ['status', 'text'], ['description', 'text'],
    ['calendar_minutes_to_resolve', 'integer'], ['business_minutes_to_resolve', 'integer'], ['sla_due_at', 'timestamptz'], ['sla_met', 'boolean'],
    ['reopened_count', 'smallint'], ['escalated', 'boolean'], ['upheld', 'boolean'], ['resolved_at_first_contact', 'boolean'], ['redress_amount', 'numeric'],
    ['source_updated_at', 'timestamptz'],
  ],
  keepNewer: 'source_updated_at',
  conflict: ['source_system', 'source_id'],
  onUpdate: 'loaded_at = now()',
  returning: `t.complaint_id, t.customer_id, to_char(t.received_date, 'YYYY-MM-DD') AS received_day, to_char(t.resolved_date, 'YYYY-MM-DD') AS resolved_day`,
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const complaintImport: KindHandler<ComplaintRecord> = {
  kind: 'complaints',
  columns: COMPLAINT_COLUMNS,
  key: (r) => `${r.source_system}\u0000${r.source_id}`,
  version: (r) => r.source_updated_at,

  async check(client, rows, env) {
    const customers = await lookupCustomers(client, rows.map((r) => (r.mapped.account_no ?? '').trim()));
    return rows.map((row): Checked<ComplaintRecord> => {
      const r = new RowReader(row.mapped, env);
      const sourceSystem = r.text('source_system', true);
      const sourceId = r.text('source_id', true);
      const accountNo = r.text('account_no', true);
      const categoryCode = r.text('category_code', true);
      const channelCode = r.text('channel_code', true);
      const orgUnitCode = r.text('org_unit_code');
      const received = r.instant('received_at', true);
      const firstResponse = r.instant('first_response_at');
      const resolved = r.instant('resolved_at');
      const closed = r.instant('closed_at');
      const status = r.oneOf('status', COMPLAINT_STATUSES, true);
      const description = r.text('description') ?? '';
      let reopenedCount = r.integer('reopened_count', { min: 0, max: 100 });
      const escalated = r.boolean('escalated') ?? false;
      const upheld = r.boolean('upheld') ?? false;
      const firstContact = r.boolean('resolved_at_first_contact') ?? false;
      const redress = r.decimal('redress_amount', { min: 0 }) ?? '0';
      const updated = r.instant('updated_at');

      const customer = accountNo === null ? undefined : customers.get(accountNo);
      if (accountNo !== null && !customer) r.add(reason('UNKNOWN_CODE', 'account_no', `no customer with account number "${accountNo}"`));
      const category = categoryCode === null ? undefined : env.reference.categories.get(categoryCode);
      if (categoryCode !== null && !category) r.add(reason('UNKNOWN_CODE', 'category_code', `no category "${categoryCode}"`));
      else if (category && category.level !== 2) r.add(reason('NOT_ALLOWED', 'category_code', `"${categoryCode}" is a level-1 group; name a level-2 category`));
      const channelId = channelCode === null ? undefined : env.reference.channels.get(channelCode.toUpperCase());
      if (channelCode !== null && channelId === undefined) r.add(reason('UNKNOWN_CODE', 'channel_code', `no channel "${channelCode}"`));
      let orgUnit = orgUnitCode === null ? undefined : env.reference.orgUnits.get(orgUnitCode);
      if (orgUnitCode !== null && !orgUnit) r.add(reason('UNKNOWN_CODE', 'org_unit_code', `no org unit "${orgUnitCode}"`));
      if (orgUnitCode === null && customer) orgUnit = env.reference.orgUnitsById.get(customer.orgUnitId);
      if (orgUnit && !inScope(env.viewer, orgUnit.path)) {
        r.add(reason('OUT_OF_SCOPE', 'org_unit_code', `org unit ${orgUnitCode ?? `of customer ${accountNo}`} is outside your org-unit scope`));
      }

      if (received !== null) {
        if (firstResponse !== null && firstResponse < received) r.add(reason('TIME_ORDER', 'first_response_at', 'is before received_at'));
        if (resolved !== null && resolved < received) r.add(reason('TIME_ORDER', 'resolved_at', 'is before received_at'));
      }
      if (closed !== null && resolved !== null && closed < resolved) r.add(reason('TIME_ORDER', 'closed_at', 'is before resolved_at'));
      if (status !== null) {
        const resolvedState = status === 'RESOLVED' || status === 'CLOSED';
        if (resolvedState && resolved === null && !r.reasons.some((x) => x.field === 'resolved_at')) {
          r.add(reason('STATUS_MISMATCH', 'resolved_at', `status ${status} needs resolved_at`));
        }
        if (!resolvedState && row.mapped.resolved_at?.trim()) r.add(reason('STATUS_MISMATCH', 'resolved_at', `status ${status} is not resolved, but resolved_at is given`));
        if (status === 'CLOSED' && closed === null && !r.reasons.some((x) => x.field === 'closed_at')) r.add(reason('STATUS_MISMATCH', 'closed_at', 'status CLOSED needs closed_at'));
        if (status !== 'CLOSED' && row.mapped.closed_at?.trim()) r.add(reason('STATUS_MISMATCH', 'closed_at', `status ${status} is not closed, but closed_at is given`));
        if (status === 'REOPENED') reopenedCount ??= 1;
        if (status === 'RECEIVED' && (reopenedCount ?? 0) > 0) r.add(reason('STATUS_MISMATCH', 'reopened_count', 'a RECEIVED work order cannot have been reopened'));
      }

      let timing: ReturnType<typeof resolutionTiming> | undefined;
      if (r.reasons.length === 0 && category?.slaKind && category.slaValue) {
        try {
          timing = resolutionTiming(env.calendar, received!, resolved, { kind: category.slaKind, value: category.slaValue });
        } catch (error) {
          if (!(error instanceof CalendarRangeError)) throw error;
          r.add(reason('OUTSIDE_CALENDAR', 'received_at', error.message));
        }
      }
      if (r.reasons.length > 0 || !timing) return { ok: false, reasons: r.reasons, orgUnitId: orgUnit?.id ?? null };
      return {
        ok: true,
        orgUnitId: orgUnit!.id,
        record: {
          source_system: sourceSystem!, source_id: sourceId!, customer_id: customer!.id, customer_segment: customer!.segment,
          category_id: category!.id, channel_id: channelId!, org_unit_id: orgUnit!.id,
          received_date: timing.receivedDate, resolved_date: timing.resolvedDate, received_at: iso(received)!,
          first_response_at: iso(firstResponse), resolved_at: iso(resolved), closed_at: iso(closed), status: status!, description,
          calendar_minutes_to_resolve: timing.calendarMinutesToResolve, business_minutes_to_resolve: timing.businessMinutesToResolve,
          sla_due_at: iso(timing.slaDueAt)!, sla_met: timing.slaMet, reopened_count: reopenedCount ?? 0,
          escalated, upheld, resolved_at_first_contact: firstContact, redress_amount: redress, source_updated_at: iso(updated),
        },
      };
    });
  },

  async load(client, records) {
    if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    // Before: the days and customers the updated work orders had, which the update may move away from.
    const before = await client.query<{ customer_id: string; received_day: string; resolved_day: string | null }>(
      `SELECT c.customer_id, to_char(c.received_date, 'YYYY-MM-DD') AS received_day, to_char(c.resolved_date, 'YYYY-MM-DD') AS resolved_day
         FROM fact_complaint c JOIN unnest($1::text[], $2::text[]) AS k(source_system, source_id)
           ON c.source_system = k.source_system AND c.source_id = k.source_id`,
      [records.map((r) => r.source_system), records.map((r) => r.source_id)],
    );
    const { rows } = await client.query<{ complaint_id: string; customer_id: string; received_day: string; resolved_day: string | null; inserted: boolean }>(
      UPSERT, [JSON.stringify(records)],
    );
    const inserted = rows.filter((r) => r.inserted).length;
    const outcome = { inserted, updated: rows.length - inserted, unchanged: records.length - rows.length };
    if (rows.length === 0) return outcome;
    await refreshAfterComplaintChanges(client, rows.map((r) => r.complaint_id), [...before.rows, ...rows]);
    return outcome;
  },
};

/**
 * What derives from complaints, for the ones a load or mutation changed:
 * surveys conformed to them, repeat flags of their customers (a late older
 * complaint can make a later one a repeat), exemption coverage, and the
 * rollups of exactly the days touched.
 */
export async function refreshAfterComplaintChanges(
  client: import('pg').PoolClient,
  complaintIds: readonly string[],
  touched: readonly { customer_id: string; received_day: string; resolved_day: string | null }[],
): Promise<void> {
  const days = new Set<string>();
  for (const t of touched) {
    days.add(t.received_day);
    if (t.resolved_day) days.add(t.resolved_day);
  }
  // Surveys answer their complaint: they take its customer (a work order
  // re-filed under a corrected account moves them), segment, org unit and
  // category, and follow it in or out of the assessed view.
  const surveys = await client.query<{ day: string }>(
    `WITH synced AS (
       UPDATE fact_survey s
          SET customer_id = c.customer_id, customer_segment = c.customer_segment, org_unit_id = c.org_unit_id, category_id = c.category_id
         FROM fact_complaint c
        WHERE s.complaint_id = c.complaint_id AND c.complaint_id = ANY ($1::bigint[])
          AND (s.customer_id, s.customer_segment, s.org_unit_id, s.category_id) IS DISTINCT FROM (c.customer_id, c.customer_segment, c.org_unit_id, c.category_id)
       RETURNING s.survey_id)
     SELECT DISTINCT to_char(survey_date, 'YYYY-MM-DD') AS day FROM fact_survey WHERE complaint_id = ANY ($1::bigint[])`,
    [complaintIds],
  );
  for (const s of surveys.rows) days.add(s.day);
  const repeats = await refreshRepeatFlagsForDays(client, { customerIds: [...new Set(touched.map((t) => t.customer_id))] });
  for (const d of repeats.days) days.add(d);
  await applyExemptionCoverage(client, { complaintIds });
  await refreshRollups(client, { days: [...days] });
}
