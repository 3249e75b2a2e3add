import type pg from 'pg';

/**
 * Links complaints to the approved exemption filing (重要事项报备) that covers
 * them, and unlinks those no longer covered (a filing rejected or narrowed).
 * Covered (METRICS.md): named by work order in a NAMED_WORK_ORDERS filing, or
 * received inside an AREA filing's org-unit subtree and [window_start,
 * window_end) and, when the filing names categories, in one of them (a named
 * level-1 category covers its level-2 children). When several filings cover a
 * complaint, the lowest filing id wins, so reruns are stable.
 * Returns the number of complaints whose link changed.
 */
export async function applyExemptionCoverage(db: pg.Pool | pg.PoolClient, options: { complaintIds?: readonly (string | number)[] } = {}): Promise<number> {
  // After a load, only the loaded complaints can change coverage: scope the
  // work to them (null: every complaint).
  const scope = options.complaintIds ? options.complaintIds.map(String) : null;
  const { rowCount } = await db.query(
    `WITH covering AS (
       SELECT DISTINCT ON (complaint_id) complaint_id, exemption_filing_id
         FROM (
           SELECT n.complaint_id, f.exemption_filing_id
             FROM exemption_filing f
             JOIN exemption_filing_complaint n ON n.exemption_filing_id = f.exemption_filing_id
            WHERE f.status = 'APPROVED' AND f.coverage = 'NAMED_WORK_ORDERS'
              AND ($1::bigint[] IS NULL OR n.complaint_id = ANY ($1::bigint[]))
           UNION ALL
           SELECT c.complaint_id, f.exemption_filing_id
             FROM exemption_filing f
             JOIN dim_org_unit area ON area.org_unit_id = f.org_unit_id
             -- Per filing, so the (org_unit_id, received_at) index bounds both the
             -- units and the window (OFFSET 0 keeps the planner from flattening it).
             CROSS JOIN LATERAL (
               SELECT c.complaint_id, c.category_id
                 FROM dim_org_unit unit
                 JOIN fact_complaint c ON c.org_unit_id = unit.org_unit_id
                WHERE unit.path LIKE area.path || '%'
                  AND c.received_at >= f.window_start AND c.received_at < f.window_end
                  AND ($1::bigint[] IS NULL OR c.complaint_id = ANY ($1::bigint[]))
               OFFSET 0
             ) c
             JOIN dim_category cat ON cat.category_id = c.category_id
            WHERE f.status = 'APPROVED' AND f.coverage = 'AREA'
              AND (NOT EXISTS (SELECT 1 FROM exemption_filing_category fc WHERE fc.exemption_filing_id = f.exemption_filing_id)
                   OR EXISTS (SELECT 1 FROM exemption_filing_category fc
                               WHERE fc.exemption_filing_id = f.exemption_filing_id
                                 AND fc.category_id IN (cat.category_id, cat.parent_id)))
         ) candidates
        ORDER BY complaint_id, exemption_filing_id
     ), changes AS (
       SELECT complaint_id, exemption_filing_id FROM covering
       UNION ALL
       -- Linked before but covered no more: unlink.
       SELECT c.complaint_id, NULL::bigint
         FROM fact_complaint c
        WHERE c.exemption_filing_id IS NOT NULL
          AND ($1::bigint[] IS NULL OR c.complaint_id = ANY ($1::bigint[]))
          AND NOT EXISTS (SELECT 1 FROM covering v WHERE v.complaint_id = c.complaint_id)
     )
     UPDATE fact_complaint f
        SET exemption_filing_id = changes.exemption_filing_id
       FROM changes
      WHERE f.complaint_id = changes.complaint_id
        AND f.exemption_filing_id IS DISTINCT FROM changes.exemption_filing_id`,
    [scope],
  );
  return rowCount ?? 0;
}
