import { recordAudit } from '../../audit/audit-log.ts';
import { assertAllowed } from '../../auth/permissions.ts';
import { inScope } from '../../auth/viewer.ts';
import { badInput, notFound } from '../../graphql/common/api-error.ts';
import { refreshRollups } from '../../rollups/rollup-refresh.ts';
import { applyExemptionCoverage } from '../exemption-coverage.ts';
import type { MutationCall } from './complaint-lifecycle.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { ExemptionKind } from '../../entities/exemption-filing.entity.ts';

/** A filing covers at most this long a window: wider ones are almost always a typo. */
const MAX_WINDOW_DAYS = 92;

export type FileExemptionInput = {
  kind: ExemptionKind; orgUnitCode: string; windowStart: Date; windowEnd: Date; reason: string; categoryCodes?: readonly string[] | null;
};

/** Files an exemption (重要事项报备) over an org unit and window; it covers nothing until approved. Returns its id. */
export async function fileExemption(call: MutationCall, input: FileExemptionInput): Promise<string> {
  assertAllowed(call.viewer, 'exemption.file');
  const reason = input.reason.trim();
  if (!reason) throw badInput('input.reason', 'give the reason for the filing');
  if (!(input.windowEnd.getTime() > input.windowStart.getTime())) throw badInput('input.windowEnd', 'must be after windowStart');
  if (input.windowEnd.getTime() - input.windowStart.getTime() > MAX_WINDOW_DAYS * 86_400_000) throw badInput('input.windowEnd', `the window may span at most ${MAX_WINDOW_DAYS} days`);
  return inTransaction(call.pool, async (client) => {
    const unit = (await client.query<{ org_unit_id: number; path: string }>('SELECT org_unit_id, path FROM dim_org_unit WHERE code = $1', [input.orgUnitCode])).rows[0];
    if (!unit) throw badInput('input.orgUnitCode', `no org unit "${input.orgUnitCode}"`);
    if (!inScope(call.viewer, unit.path)) throw badInput('input.orgUnitCode', `org unit ${input.orgUnitCode} is outside your org-unit scope`);
    const codes = [...new Set(input.categoryCodes ?? [])];
    const categories = (await client.query<{ category_id: number; code: string }>('SELECT category_id, code FROM dim_category WHERE code = ANY ($1::text[])', [codes])).rows;
    const unknown = codes.filter((code) => !categories.some((c) => c.code === code));
    if (unknown.length) throw badInput('input.categoryCodes', `no category ${unknown.map((c) => `"${c}"`).join(', ')}`);
    const { rows } = await client.query<{ exemption_filing_id: string; filing_no: string }>(
      `WITH next AS (SELECT nextval(pg_get_serial_sequence('exemption_filing', 'exemption_filing_id')) AS id)
       INSERT INTO exemption_filing (exemption_filing_id, filing_no, kind, coverage, org_unit_id, window_start, window_end, reason, status, filed_at)
       SELECT id, 'BB-' || to_char(now(), 'YYYY') || '-' || lpad(id::text, 6, '0'), $1, 'AREA', $2, $3, $4, $5, 'FILED', now() FROM next
       RETURNING exemption_filing_id, filing_no`,
      [input.kind, unit.org_unit_id, input.windowStart, input.windowEnd, reason],
    );
    const filing = rows[0]!;
    if (categories.length) {
      await client.query('INSERT INTO exemption_filing_category (exemption_filing_id, category_id) SELECT $1, unnest($2::int[])', [filing.exemption_filing_id, categories.map((c) => c.category_id)]);
    }
    await recordAudit(client, call.viewer, {
      action: 'exemption.file', targetType: 'ExemptionFiling', targetId: filing.exemption_filing_id, requestId: call.requestId,
      details: { filingNo: filing.filing_no, kind: input.kind, orgUnitCode: input.orgUnitCode, windowStart: input.windowStart.toISOString(), windowEnd: input.windowEnd.toISOString(), reason, categoryCodes: codes },
    });
    return String(filing.exemption_filing_id);
  });
}

/**
 * Approves (or rejects) a filed exemption. Approval applies it: the
 * complaints it covers leave the assessed KPIs, and the rollups of their
 * days are rebuilt. Returns how many complaints it now covers.
 */
export async function decideExemption(call: MutationCall, filingId: string, approve: boolean): Promise<number> {
  assertAllowed(call.viewer, 'exemption.approve');
  return inTransaction(call.pool, async (client) => {
    const filing = (await client.query<{ status: string; path: string }>(
      `SELECT f.status, u.path FROM exemption_filing f JOIN dim_org_unit u ON u.org_unit_id = f.org_unit_id WHERE f.exemption_filing_id = $1 FOR UPDATE OF f`,
      [filingId],
    )).rows[0];
    if (!filing || !inScope(call.viewer, filing.path)) throw notFound(`No exemption filing with id "${filingId}" in your org units`);
    if (filing.status !== 'FILED') throw badInput('id', `the filing is already ${filing.status}; only a FILED one can be approved or rejected`);
    const status = approve ? 'APPROVED' : 'REJECTED';
    await client.query(`UPDATE exemption_filing SET status = $2, decided_at = greatest(now(), filed_at) WHERE exemption_filing_id = $1`, [filingId, status]);
    let covered = 0;
    if (approve) {
      await applyExemptionCoverage(client);
      const { rows } = await client.query<{ complaints: number; days: string[] }>(
        `SELECT count(DISTINCT c.complaint_id)::int AS complaints,
                coalesce(array_agg(DISTINCT d) FILTER (WHERE d IS NOT NULL), '{}')::text[] AS days
           FROM fact_complaint c
           LEFT JOIN LATERAL (SELECT c.received_date UNION ALL SELECT c.resolved_date
                              UNION ALL SELECT s.survey_date FROM fact_survey s WHERE s.complaint_id = c.complaint_id AND s.customer_id = c.customer_id) AS t(d) ON true
          WHERE c.exemption_filing_id = $1`,
        [filingId],
      );
      covered = rows[0]!.complaints;
      if (rows[0]!.days.length) await refreshRollups(client, { days: rows[0]!.days });
    }
    await recordAudit(client, call.viewer, {
      action: approve ? 'exemption.approve' : 'exemption.reject', targetType: 'ExemptionFiling', targetId: filingId, requestId: call.requestId,
      details: { status: { from: 'FILED', to: status }, coveredComplaints: covered },
    });
    return covered;
  });
}
