import { inScope } from '../../auth/viewer.ts';
import { reason } from './import-reasons.ts';
import type { Checked, ColumnSpec, KindHandler } from './import.types.ts';
import { RowReader } from './row-reader.ts';
import { upsertStatement } from './upsert-statement.ts';
import { SEGMENTS } from '../../entities/customer.entity.ts';


export const CUSTOMER_BASE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'org_unit_code', type: 'code', required: true, description: 'Org unit (usually a service station)' },
  { name: 'segment', type: 'code', required: true, allowed: SEGMENTS, description: 'Customer segment' },
  { name: 'month', type: 'month', required: true, description: 'YYYY-MM (or its first day, YYYY-MM-01); not in the future' },
  { name: 'active_customers', type: 'integer ≥ 0', required: true, description: 'Active customers at the month\'s end: the denominator of complaints per 10,000 customers' },
];

export type CustomerBaseRecord = { org_unit_id: number; segment: string; month: string; active_customers: number };

const UPSERT = upsertStatement({
  table: 'fact_customer_month',
  columns: [['org_unit_id', 'integer'], ['segment', 'text'], ['month', 'date'], ['active_customers', 'integer']],
  conflict: ['org_unit_id', 'segment', 'month'],
  returning: 't.org_unit_id',
});

/** The customer base per org unit × segment × month (KPIs read it directly; no rollup holds it). */
export const customerBaseImport: KindHandler<CustomerBaseRecord> = {
  kind: 'customer-base',
  columns: CUSTOMER_BASE_COLUMNS,
  key: (r) => `${r.org_unit_id}\u0000${r.segment}\u0000${r.month}`,

  async check(_client, rows, env) {
    return rows.map((row): Checked<CustomerBaseRecord> => {
      const monthText = (row.mapped.month ?? '').trim();
      const r = new RowReader({ ...row.mapped, month: /^\d{4}[-/]\d{1,2}$/.test(monthText) ? `${monthText}-01`.replace('/', '-') : monthText }, env);
      const orgUnitCode = r.text('org_unit_code', true);
      const segment = r.oneOf('segment', SEGMENTS, true);
      const month = r.date('month', true);
      const active = r.integer('active_customers', { required: true, min: 0, max: 100_000_000 });
      if (month !== null && !month.endsWith('-01')) r.add(reason('INVALID_FORMAT', 'month', `"${monthText}" is not a month (YYYY-MM)`));
      const orgUnit = orgUnitCode === null ? undefined : env.reference.orgUnits.get(orgUnitCode);
      if (orgUnitCode !== null && !orgUnit) r.add(reason('UNKNOWN_CODE', 'org_unit_code', `no org unit "${orgUnitCode}"`));
      if (orgUnit && !inScope(env.viewer, orgUnit.path)) r.add(reason('OUT_OF_SCOPE', 'org_unit_code', `org unit ${orgUnitCode} is outside your org-unit scope`));
      if (r.reasons.length > 0) return { ok: false, reasons: r.reasons, orgUnitId: orgUnit?.id ?? null };
      return { ok: true, orgUnitId: orgUnit!.id, record: { org_unit_id: orgUnit!.id, segment: segment!, month: month!, active_customers: active! } };
    });
  },

  async load(client, records) {
    if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const { rows } = await client.query<{ inserted: boolean }>(UPSERT, [JSON.stringify(records)]);
    const inserted = rows.filter((r) => r.inserted).length;
    return { inserted, updated: rows.length - inserted, unchanged: records.length - rows.length };
  },
};
