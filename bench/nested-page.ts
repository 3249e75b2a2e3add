// The nested complaint page of the API issue, as bench:api times it: the
// GraphQL operation, and the same data fetched by hand-written SQL over pg.
import type pg from 'pg';

export const NESTED_PAGE = `query NestedPage($first: Int!) {
  complaints(first: $first) {
    edges { cursor node {
      id status receivedAt description
      customer { id name segment complaints(first: 5) { nodes { id receivedAt status } } }
      category { id nameZh nameEn parent { id nameZh nameEn } }
      orgUnit { id nameZh nameEn }
      channel { id code nameZh }
      surveys { id score satisfied surveyedAt }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/**
 * The same data as directly as SQL gets it: one joined page (one row more,
 * to know whether there is a next page), then the surveys and each
 * customer's five newest complaints in parallel.
 */
export async function handWrittenNestedPage(pool: pg.Pool, size: number) {
  const page = await pool.query(
    `SELECT c.complaint_id, c.status, c.received_at, c.description,
            cu.customer_id, cu.name, cu.segment,
            cat.category_id, cat.name_zh, cat.name_en, grp.category_id AS group_id, grp.name_zh AS group_zh, grp.name_en AS group_en,
            u.org_unit_id, u.name_zh AS unit_zh, u.name_en AS unit_en, ch.channel_id, ch.code, ch.name_zh AS channel_zh
       FROM fact_complaint c
       JOIN dim_customer cu ON cu.customer_id = c.customer_id
       JOIN dim_category cat ON cat.category_id = c.category_id
       LEFT JOIN dim_category grp ON grp.category_id = cat.parent_id
       JOIN dim_org_unit u ON u.org_unit_id = c.org_unit_id
       JOIN dim_channel ch ON ch.channel_id = c.channel_id
      ORDER BY c.received_at DESC, c.complaint_id DESC LIMIT $1`,
    [size + 1],
  );
  const complaintIds = page.rows.map((r) => r.complaint_id);
  const customerIds = [...new Set(page.rows.map((r) => r.customer_id))];
  const [surveys, customersComplaints] = await Promise.all([
    pool.query(`SELECT survey_id, complaint_id, score, satisfied, surveyed_at FROM fact_survey WHERE complaint_id = ANY ($1::bigint[])`, [complaintIds]),
    pool.query(
      `SELECT k.id, c.complaint_id, c.received_at, c.status FROM unnest($1::bigint[]) AS k(id)
        CROSS JOIN LATERAL (SELECT complaint_id, received_at, status FROM fact_complaint WHERE customer_id = k.id
                            ORDER BY received_at DESC, complaint_id DESC LIMIT 5) c`,
      [customerIds],
    ),
  ]);
  return { page: page.rows.slice(0, size), surveys: surveys.rows, customersComplaints: customersComplaints.rows };
}
