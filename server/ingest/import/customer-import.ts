import { inScope } from '../../auth/viewer.ts';
import { reason } from './import-reasons.ts';
import type { Checked, ColumnSpec, KindHandler } from './import.types.ts';
import { RowReader } from './row-reader.ts';
import { upsertStatement } from './upsert-statement.ts';
import { SEGMENTS } from '../../entities/customer.entity.ts';
import { UTILITIES } from '../../entities/category.entity.ts';


export const CUSTOMER_COLUMNS: readonly ColumnSpec[] = [
  { name: 'account_no', type: 'text', required: true, description: 'Account number: the customer\'s identity (an existing one is updated)' },
  { name: 'name', type: 'text', required: true, description: 'Name (personal data: masked by role in the API)' },
  { name: 'phone', type: 'text', required: false, description: 'Phone (personal data)' },
  { name: 'utility', type: 'code', required: true, allowed: UTILITIES, description: 'Electricity or gas' },
  { name: 'segment', type: 'code', required: true, allowed: SEGMENTS, description: 'Customer segment' },
  { name: 'tariff_class', type: 'text', required: true, description: 'Tariff class, e.g. RESIDENTIAL_TIERED' },
  { name: 'org_unit_code', type: 'code', required: true, description: 'Service station (or other org unit) the account belongs to' },
  { name: 'connected_on', type: 'date', required: true, description: 'Connection date; not in the future' },
];

export type CustomerRecord = {
  account_no: string; name: string; phone: string | null; utility: string; segment: string; tariff_class: string; org_unit_id: number; connected_on: string;
};

const UPSERT = upsertStatement({
  table: 'dim_customer',
  columns: [
    ['account_no', 'text'], ['name', 'text'], ['phone', 'text'], ['utility', 'text'], ['segment', 'text'], ['tariff_class', 'text'],
    ['org_unit_id', 'integer'], ['connected_on', 'date'],
  ],
  conflict: ['account_no'],
  returning: 't.customer_id',
});

/**
 * Customers are a dimension: an update changes the customer, never history
 * (facts keep the segment the customer had when they happened).
 */
export const customerImport: KindHandler<CustomerRecord> = {
  kind: 'customers',
  columns: CUSTOMER_COLUMNS,
  key: (r) => r.account_no,

  async check(_client, rows, env) {
    return rows.map((row): Checked<CustomerRecord> => {
      const r = new RowReader(row.mapped, env);
      const accountNo = r.text('account_no', true);
      const name = r.text('name', true);
      const phone = r.text('phone');
      const utility = r.oneOf('utility', UTILITIES, true);
      const segment = r.oneOf('segment', SEGMENTS, true);
      const tariffClass = r.text('tariff_class', true);
      const orgUnitCode = r.text('org_unit_code', true);
      const connectedOn = r.date('connected_on', true);
      const orgUnit = orgUnitCode === null ? undefined : env.reference.orgUnits.get(orgUnitCode);
      if (orgUnitCode !== null && !orgUnit) r.add(reason('UNKNOWN_CODE', 'org_unit_code', `no org unit "${orgUnitCode}"`));
      if (orgUnit && !inScope(env.viewer, orgUnit.path)) r.add(reason('OUT_OF_SCOPE', 'org_unit_code', `org unit ${orgUnitCode} is outside your org-unit scope`));
      if (r.reasons.length > 0) return { ok: false, reasons: r.reasons, orgUnitId: orgUnit?.id ?? null };
      return {
        ok: true,
        orgUnitId: orgUnit!.id,
        record: { account_no: accountNo!, name: name!, phone, utility: utility!, segment: segment!, tariff_class: tariffClass!, org_unit_id: orgUnit!.id, connected_on: connectedOn! },
      };
    });
  },

  async load(client, records) {
    if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const { rows } = await client.query<{ inserted: boolean }>(UPSERT, [JSON.stringify(records)]);
    const inserted = rows.filter((r) => r.inserted).length;
    return { inserted, updated: rows.length - inserted, unchanged: records.length - rows.length };
  },
};
