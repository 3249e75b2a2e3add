import { inScope } from '../../auth/viewer.ts';
import { refreshRollups } from '../../rollups/rollup-refresh.ts';
import { lookupCustomers } from './customer-lookup.ts';
import { reason } from './import-reasons.ts';
import type { Checked, ColumnSpec, KindHandler, Queryable } from './import.types.ts';
import { RowReader } from './row-reader.ts';
import { upsertStatement } from './upsert-statement.ts';

export const SURVEY_COLUMNS: readonly ColumnSpec[] = [
  { name: 'source_system', type: 'text', required: true, description: 'System the survey comes from; with source_id, the survey\'s identity' },
  { name: 'source_id', type: 'text', required: true, description: 'Survey id in that system' },
  { name: 'account_no', type: 'text', required: true, description: 'Customer account number (must exist)' },
  { name: 'complaint_source_system', type: 'text', required: false, description: 'Source system of the work order followed up; default: source_system' },
  { name: 'complaint_source_id', type: 'text', required: false, description: 'Work-order number followed up (must exist: import complaints first); empty for a survey without a complaint' },
  { name: 'channel_code', type: 'code', required: true, description: 'Channel of the follow-up (e.g. HOTLINE_95598)' },
  { name: 'org_unit_code', type: 'code', required: false, description: 'Default: the complaint\'s org unit, else the customer\'s' },
  { name: 'surveyed_at', type: 'date-time', required: true, description: 'When the follow-up was made; not before the complaint was received' },
  { name: 'responded', type: 'boolean', required: true, description: 'Whether the customer answered' },
  { name: 'score', type: 'integer 1–5', required: false, description: 'Overall satisfaction; required exactly when responded' },
  { name: 'attitude_score', type: 'integer 1–5', required: false, description: 'Staff attitude (only when responded)' },
  { name: 'speed_score', type: 'integer 1–5', required: false, description: 'Speed (only when responded)' },
  { name: 'outcome_score', type: 'integer 1–5', required: false, description: 'Outcome (only when responded)' },
];

export type SurveyRecord = {
  source_system: string; source_id: string; customer_id: string; customer_segment: string; complaint_id: string | null;
  channel_id: number; org_unit_id: number; category_id: number | null; survey_date: string; surveyed_at: string;
  responded: boolean; score: number | null; attitude_score: number | null; speed_score: number | null; outcome_score: number | null;
};

const UPSERT = upsertStatement({
  table: 'fact_survey',
  columns: [
    ['source_system', 'text'], ['source_id', 'text'], ['customer_id', 'bigint'], ['customer_segment', 'text'], ['complaint_id', 'bigint'],
    ['channel_id', 'smallint'], ['org_unit_id', 'integer'], ['category_id', 'integer'], ['survey_date', 'date'], ['surveyed_at', 'timestamptz'],
    ['responded', 'boolean'], ['score', 'smallint'], ['attitude_score', 'smallint'], ['speed_score', 'smallint'], ['outcome_score', 'smallint'],
  ],
  conflict: ['source_system', 'source_id'],
  onUpdate: 'loaded_at = now()',
  returning: `t.survey_id, to_char(t.survey_date, 'YYYY-MM-DD') AS day`,
});

type ComplaintRef = { id: string; customerId: string; orgUnitId: number; categoryId: number; receivedAt: number };

async function lookupComplaints(client: Queryable, keys: [string, string][]): Promise<Map<string, ComplaintRef>> {
  if (keys.length === 0) return new Map();
  const { rows } = await client.query<{ complaint_id: string; source_system: string; source_id: string; customer_id: string; org_unit_id: number; category_id: number; received_at: Date }>(
    `SELECT c.complaint_id, c.source_system, c.source_id, c.customer_id, c.org_unit_id, c.category_id, c.received_at
       FROM fact_complaint c JOIN unnest($1::text[], $2::text[]) AS k(source_system, source_id)
         ON c.source_system = k.source_system AND c.source_id = k.source_id`,
    [keys.map((k) => k[0]), keys.map((k) => k[1])],
  );
  return new Map(rows.map((r) => [`${r.source_system}\u0000${r.source_id}`, {
    id: String(r.complaint_id), customerId: String(r.customer_id), orgUnitId: r.org_unit_id, categoryId: r.category_id, receivedAt: r.received_at.getTime(),
  }]));
}

export const surveyImport: KindHandler<SurveyRecord> = {
  kind: 'surveys',
  columns: SURVEY_COLUMNS,
  key: (r) => `${r.source_system}\u0000${r.source_id}`,

  async check(client, rows, env) {
    const customers = await lookupCustomers(client, rows.map((r) => (r.mapped.account_no ?? '').trim()));
    const complaintKey = (m: Record<string, string>): [string, string] | null => {
      const id = (m.complaint_source_id ?? '').trim();
      return id ? [(m.complaint_source_system ?? '').trim() || (m.source_system ?? '').trim(), id] : null;
    };
    const complaints = await lookupComplaints(client, rows.map((r) => complaintKey(r.mapped)).filter((k): k is [string, string] => k !== null));
    return rows.map((row): Checked<SurveyRecord> => {
      const r = new RowReader(row.mapped, env);
      const sourceSystem = r.text('source_system', true);
      const sourceId = r.text('source_id', true);
      const accountNo = r.text('account_no', true);
      const channelCode = r.text('channel_code', true);
      const orgUnitCode = r.text('org_unit_code');
      const surveyedAt = r.instant('surveyed_at', true);
      const responded = r.boolean('responded', true);
      const scores = (['score', 'attitude_score', 'speed_score', 'outcome_score'] as const).map((f) => r.integer(f, { min: 1, max: 5 }));
      if (responded === true && scores[0] === null && !r.reasons.some((x) => x.field === 'score')) {
        r.add(reason('MISSING_REQUIRED', 'score', 'an answered survey needs its overall score'));
      }
      if (responded === false) {
        for (const f of ['score', 'attitude_score', 'speed_score', 'outcome_score']) {
          if (row.mapped[f]?.trim()) r.add(reason('STATUS_MISMATCH', f, 'the survey was not answered, so it has no scores'));
        }
      }
      const customer = accountNo === null ? undefined : customers.get(accountNo);
      if (accountNo !== null && !customer) r.add(reason('UNKNOWN_CODE', 'account_no', `no customer with account number "${accountNo}"`));
      const channelId = channelCode === null ? undefined : env.reference.channels.get(channelCode.toUpperCase());
      if (channelCode !== null && channelId === undefined) r.add(reason('UNKNOWN_CODE', 'channel_code', `no channel "${channelCode}"`));
      const key = complaintKey(row.mapped);
      const complaint = key ? complaints.get(`${key[0]}\u0000${key[1]}`) : undefined;
      if (key && !complaint) r.add(reason('UNKNOWN_CODE', 'complaint_source_id', `no work order ${key[0]}/${key[1]}`));
      if (complaint && customer && complaint.customerId !== customer.id) {
        r.add(reason('CUSTOMER_MISMATCH', 'account_no', `work order ${key![1]} belongs to another customer`));
      }
      if (complaint && surveyedAt !== null && surveyedAt < complaint.receivedAt) r.add(reason('TIME_ORDER', 'surveyed_at', 'is before the work order was received'));
      let orgUnit = orgUnitCode === null ? undefined : env.reference.orgUnits.get(orgUnitCode);
      if (orgUnitCode !== null && !orgUnit) r.add(reason('UNKNOWN_CODE', 'org_unit_code', `no org unit "${orgUnitCode}"`));
      if (orgUnitCode === null) orgUnit = env.reference.orgUnitsById.get(complaint?.orgUnitId ?? customer?.orgUnitId ?? -1);
      if (orgUnit && !inScope(env.viewer, orgUnit.path)) r.add(reason('OUT_OF_SCOPE', 'org_unit_code', `the survey's org unit is outside your org-unit scope`));
      if (r.reasons.length > 0) return { ok: false, reasons: r.reasons, orgUnitId: orgUnit?.id ?? null };
      return {
        ok: true,
        orgUnitId: orgUnit!.id,
        record: {
          source_system: sourceSystem!, source_id: sourceId!, customer_id: customer!.id, customer_segment: customer!.segment,
          complaint_id: complaint?.id ?? null, channel_id: channelId!, org_unit_id: orgUnit!.id, category_id: complaint?.categoryId ?? null,
          survey_date: env.calendar.localDate(surveyedAt!), surveyed_at: new Date(surveyedAt!).toISOString(), responded: responded!,
          score: responded ? scores[0]! : null, attitude_score: responded ? scores[1]! : null, speed_score: responded ? scores[2]! : null,
          outcome_score: responded ? scores[3]! : null,
        },
      };
    });
  },

  async load(client, records) {
    if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const before = await client.query<{ day: string }>(
      `SELECT to_char(s.survey_date, 'YYYY-MM-DD') AS day
         FROM fact_survey s JOIN unnest($1::text[], $2::text[]) AS k(source_system, source_id)
           ON s.source_system = k.source_system AND s.source_id = k.source_id`,
      [records.map((r) => r.source_system), records.map((r) => r.source_id)],
    );
    const { rows } = await client.query<{ survey_id: string; day: string; inserted: boolean }>(UPSERT, [JSON.stringify(records)]);
    const inserted = rows.filter((r) => r.inserted).length;
    if (rows.length > 0) await refreshRollups(client, { days: [...new Set([...before.rows, ...rows].map((r) => r.day))] });
    return { inserted, updated: rows.length - inserted, unchanged: records.length - rows.length };
  },
};
