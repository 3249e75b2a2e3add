import type { Queryable } from './import.types.ts';

export type CustomerRef = { id: string; segment: string; orgUnitId: number };

/** The customers a batch names by account number, in one statement. */
export async function lookupCustomers(client: Queryable, accountNos: Iterable<string>): Promise<Map<string, CustomerRef>> {
  const wanted = [...new Set(accountNos)];
  if (wanted.length === 0) return new Map();
  const { rows } = await client.query<{ customer_id: string; account_no: string; segment: string; org_unit_id: number }>(
    'SELECT customer_id, account_no, segment, org_unit_id FROM dim_customer WHERE account_no = ANY ($1::text[])',
    [wanted],
  );
  return new Map(rows.map((r) => [r.account_no, { id: String(r.customer_id), segment: r.segment, orgUnitId: r.org_unit_id }]));
}
