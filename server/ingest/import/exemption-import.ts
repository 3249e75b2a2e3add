import { inScope } from '../../auth/viewer.ts';
import { refreshRollups } from '../../rollups/rollup-refresh.ts';
import { applyExemptionCoverage } from '../exemption-coverage.ts';
import { reason } from './import-reasons.ts';
import type { Checked, ColumnSpec, KindHandler, Queryable } from './import.types.ts';
import { RowReader } from './row-reader.ts';
import { upsertStatement } from './upsert-statement.ts';
import { EXEMPTION_KINDS as KINDS } from '../../entities/exemption-filing.entity.ts';

const STATUSES = ['FILED', 'APPROVED', 'REJECTED'] as const;

export const EXEMPTION_COLUMNS: readonly ColumnSpec[] = [
  { name: 'filing_no', type: 'text', required: true, description: 'Filing number: its identity (a newer version updates it, e.g. when approved)' },
  { name: 'kind', type: 'code', required: true, allowed: KINDS, description: 'Why it was filed' },
  { name: 'org_unit_code', type: 'code', required: true, description: 'Org unit; the filing covers it and everything below it' },
  { name: 'window_start', type: 'date-time', required: true, description: 'Start of the window (inclusive); may lie in the future' },
  { name: 'window_end', type: 'date-time', required: true, description: 'End of the window (exclusive); after window_start' },
  { name: 'reason', type: 'text', required: true, description: 'The reason given' },
  { name: 'status', type: 'code', required: true, allowed: STATUSES, description: 'Only APPROVED filings cover complaints' },
  { name: 'filed_at', type: 'date-time', required: true, description: 'When it was filed' },
  { name: 'decided_at', type: 'date-time', required: false, description: 'When approved or rejected: given exactly when status is not FILED; ≥ filed_at' },
  { name: 'category_codes', type: 'codes', required: false, description: 'Only complaints in these categories, separated by ; (a group covers its categories); default all' },
];

export type ExemptionRecord = {
  filing_no: string; kind: string; org_unit_id: number; window_start: string; window_end: string; reason: string; status: string;
  filed_at: string; decided_at: string | null; categoryIds: number[];
};

const UPSERT = upsertStatement({
  table: 'exemption_filing',
  columns: [
    ['filing_no', 'text'], ['kind', 'text'], ['coverage', 'text'], ['org_unit_id', 'integer'], ['window_start', 'timestamptz'], ['window_end', 'timestamptz'],
    ['reason', 'text'], ['status', 'text'], ['filed_at', 'timestamptz'], ['decided_at', 'timestamptz'],
  ],
  conflict: ['filing_no'],
  returning: 't.exemption_filing_id',
});

/** Days whose rollups depend on which complaints these filings cover. */
async function coveredDays(client: Queryable, filingIds: readonly string[]): Promise<string[]> {
  const { rows } = await client.query<{ day: string }>(
    `SELECT DISTINCT to_char(d, 'YYYY-MM-DD') AS day
       FROM fact_complaint c
       CROSS JOIN LATERAL (SELECT c.received_date UNION ALL SELECT c.resolved_date
                           UNION ALL SELECT s.survey_date FROM fact_survey s WHERE s.complaint_id = c.complaint_id AND s.customer_id = c.customer_id) AS t(d)
      WHERE c.exemption_filing_id = ANY ($1::bigint[]) AND d IS NOT NULL`,
    [filingIds],
  );
  return rows.map((r) => r.day);
}

/**
 * Exemption filings (重要事项报备) over an org unit and window. After a load,
 * coverage is re-applied and the rollups of every day whose coverage changed
 * are rebuilt. (Filings naming individual work orders come through the API.)
 */
export const exemptionImport: KindHandler<ExemptionRecord> = {
  kind: 'exemptions',
  columns: EXEMPTION_COLUMNS,
  key: (r) => r.filing_no,

  async check(_client, rows, env) {
    return rows.map((row): Checked<ExemptionRecord> => {
      const r = new RowReader(row.mapped, env);
      const filingNo = r.text('filing_no', true);
      const kind = r.oneOf('kind', KINDS, true);
      const orgUnitCode = r.text('org_unit_code', true);
      const windowStart = r.instant('window_start', true, { future: true });
      const windowEnd = r.instant('window_end', true, { future: true });
      const why = r.text('reason', true);
      const status = r.oneOf('status', STATUSES, true);
      const filedAt = r.instant('filed_at', true);
      const decidedAt = r.instant('decided_at');
      const codes = (row.mapped.category_codes ?? '').split(/[;；]/).map((c) => c.trim()).filter(Boolean);
      const categoryIds: number[] = [];
      for (const code of codes) {
        const category = env.reference.categories.get(code);
        if (category) categoryIds.push(category.id);
        else r.add(reason('UNKNOWN_CODE', 'category_codes', `no category "${code}"`));
      }
      if (windowStart !== null && windowEnd !== null && windowEnd <= windowStart) r.add(reason('TIME_ORDER', 'window_end', 'is not after window_start'));
      if (status !== null) {
        if (status !== 'FILED' && decidedAt === null && !r.reasons.some((x) => x.field === 'decided_at')) r.add(reason('STATUS_MISMATCH', 'decided_at', `status ${status} needs decided_at`));
        if (status === 'FILED' && decidedAt !== null) r.add(reason('STATUS_MISMATCH', 'decided_at', 'a FILED filing is not decided yet'));
      }
      if (decidedAt !== null && filedAt !== null && decidedAt < filedAt) r.add(reason('TIME_ORDER', 'decided_at', 'is before filed_at'));
      const orgUnit = orgUnitCode === null ? undefined : env.reference.orgUnits.get(orgUnitCode);
      if (orgUnitCode !== null && !orgUnit) r.add(reason('UNKNOWN_CODE', 'org_unit_code', `no org unit "${orgUnitCode}"`));
      if (orgUnit && !inScope(env.viewer, orgUnit.path)) r.add(reason('OUT_OF_SCOPE', 'org_unit_code', `org unit ${orgUnitCode} is outside your org-unit scope`));
      if (r.reasons.length > 0) return { ok: false, reasons: r.reasons, orgUnitId: orgUnit?.id ?? null };
      const iso = (ms: number) => new Date(ms).toISOString();
      return {
        ok: true,
        orgUnitId: orgUnit!.id,
        record: {
          filing_no: filingNo!, kind: kind!, org_unit_id: orgUnit!.id, window_start: iso(windowStart!), window_end: iso(windowEnd!), reason: why!,
          status: status!, filed_at: iso(filedAt!), decided_at: decidedAt === null ? null : iso(decidedAt), categoryIds,
        },
      };
    });
  },

  async load(client, records) {
    if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const existing = await client.query<{ exemption_filing_id: string; filing_no: string; category_ids: number[] }>(
      `SELECT f.exemption_filing_id, f.filing_no, coalesce(array_agg(fc.category_id ORDER BY fc.category_id) FILTER (WHERE fc.category_id IS NOT NULL), '{}') AS category_ids
         FROM exemption_filing f LEFT JOIN exemption_filing_category fc ON fc.exemption_filing_id = f.exemption_filing_id
        WHERE f.filing_no = ANY ($1::text[]) GROUP BY f.exemption_filing_id`,
      [records.map((r) => r.filing_no)],
    );
    const before = new Map(existing.rows.map((r) => [r.filing_no, r]));
    const { rows } = await client.query<{ exemption_filing_id: string; inserted: boolean }>(
      UPSERT, [JSON.stringify(records.map(({ categoryIds: _ids, ...r }) => ({ ...r, coverage: 'AREA' })))],
    );
    const changedIds = new Set(rows.map((r) => String(r.exemption_filing_id)));
    // Category lists: replaced where they differ (a change there is a change of the filing too).
    const ids = await client.query<{ exemption_filing_id: string; filing_no: string }>('SELECT exemption_filing_id, filing_no FROM exemption_filing WHERE filing_no = ANY ($1::text[])', [records.map((r) => r.filing_no)]);
    const idOf = new Map(ids.rows.map((r) => [r.filing_no, String(r.exemption_filing_id)]));
    let categoryOnly = 0;
    for (const record of records) {
      const id = idOf.get(record.filing_no)!;
      const wanted = [...new Set(record.categoryIds)].sort((a, b) => a - b);
      const had = before.get(record.filing_no)?.category_ids ?? [];
      if (wanted.join() === had.join()) continue;
      await client.query('DELETE FROM exemption_filing_category WHERE exemption_filing_id = $1', [id]);
      await client.query('INSERT INTO exemption_filing_category (exemption_filing_id, category_id) SELECT $1, unnest($2::int[])', [id, wanted]);
      if (!changedIds.has(id)) categoryOnly++;
      changedIds.add(id);
    }
    if (changedIds.size > 0) {
      const days = new Set(await coveredDays(client, [...changedIds]));
      await applyExemptionCoverage(client);
      for (const day of await coveredDays(client, [...changedIds])) days.add(day);
      if (days.size) await refreshRollups(client, { days: [...days] });
    }
    const inserted = rows.filter((r) => r.inserted).length;
    const updated = rows.length - inserted + categoryOnly;
    return { inserted, updated, unchanged: records.length - inserted - updated };
  },
};
