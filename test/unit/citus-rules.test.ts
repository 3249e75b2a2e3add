import { describe, expect, it } from 'vitest';
import { citusViolations, orderedSetAggregatesOverFacts, touchesFacts } from '../support/citus-rules.ts';

// The checker behind test/integration/citus-compatibility.test.ts: what it
// accepts and what it must refuse, so that an empty list there means something.

const rules = async (text: string) => (await citusViolations(text)).map((v) => v.rule);

describe('the Citus co-location rules', () => {
  it('accepts facts joined on customer_id, to dimensions, and aggregated apart', async () => {
    expect(await rules(`SELECT count(*) FROM fact_complaint c JOIN dim_category k ON k.category_id = c.category_id JOIN dim_org_unit u ON u.org_unit_id = c.org_unit_id`)).toEqual([]);
    expect(await rules(`SELECT 1 FROM fact_complaint c JOIN fact_complaint p ON p.customer_id = c.customer_id AND p.received_at < c.received_at`)).toEqual([]);
    expect(await rules(`SELECT 1 FROM fact_complaint c WHERE EXISTS (SELECT 1 FROM fact_complaint p WHERE p.customer_id = c.customer_id AND p.complaint_id <> c.complaint_id)`)).toEqual([]);
    expect(await rules(`SELECT 1 FROM fact_survey s, fact_complaint c WHERE c.customer_id = s.customer_id AND c.complaint_id = s.complaint_id`)).toEqual([]);
    // Each fact aggregated on its own, the results joined on the group keys (drill-across).
    expect(await rules(`WITH a AS (SELECT org_unit_id, count(*) n FROM fact_complaint GROUP BY 1), b AS (SELECT org_unit_id, count(*) n FROM fact_survey GROUP BY 1)
                        SELECT * FROM a FULL JOIN b USING (org_unit_id)`)).toEqual([]);
    expect(await rules(`UPDATE fact_complaint c SET is_repeat = true FROM fact_complaint p WHERE p.customer_id = c.customer_id AND p.complaint_id = c.prior_complaint_id`)).toEqual([]);
    expect(await rules(`SELECT 1 FROM rollup_complaint_received_daily r JOIN dim_org_unit u ON u.org_unit_id = r.org_unit_id`)).toEqual([]);
    expect(await rules(`SELECT 1 FROM fact_complaint c JOIN dim_customer cu ON cu.customer_id = c.customer_id`)).toEqual([]);
  });

  it('refuses facts joined off customer_id, correlated off it, or joined to a rollup', async () => {
    expect(await rules(`SELECT 1 FROM fact_survey s JOIN fact_complaint c ON c.complaint_id = s.complaint_id`)).toEqual(['facts joined off customer_id']);
    expect(await rules(`SELECT 1 FROM fact_complaint c JOIN fact_complaint p ON p.complaint_id = c.prior_complaint_id`)).toEqual(['facts joined off customer_id']);
    // An equality under OR does not keep the rows on one shard.
    expect(await rules(`SELECT 1 FROM fact_complaint c JOIN fact_complaint p ON p.customer_id = c.customer_id OR p.org_unit_id = c.org_unit_id`)).toEqual(['facts joined off customer_id']);
    expect(await rules(`SELECT 1 FROM fact_complaint c WHERE EXISTS (SELECT 1 FROM fact_survey s WHERE s.complaint_id = c.complaint_id)`)).toEqual(['facts joined off customer_id']);
    expect(await rules(`SELECT 1 FROM fact_complaint c CROSS JOIN LATERAL (SELECT count(*) FROM fact_survey s WHERE s.org_unit_id = c.org_unit_id) x`)).toEqual(['facts joined off customer_id']);
    expect(await rules(`UPDATE fact_complaint c SET is_repeat = true FROM fact_complaint p WHERE p.complaint_id = c.prior_complaint_id`)).toEqual(['facts joined off customer_id']);
    expect(await rules(`SELECT 1 FROM fact_complaint c JOIN dim_customer cu ON cu.org_unit_id = c.org_unit_id`)).toEqual(['facts joined off customer_id']);
    expect(await rules(`SELECT 1 FROM fact_complaint c JOIN rollup_complaint_received_daily r ON r.org_unit_id = c.org_unit_id`)).toEqual(['rollup joined to a fact']);
    expect(await rules(`SELECT 1 FROM dim_org_unit UNION ALL SELECT 1 FROM fact_complaint c, fact_survey s WHERE s.org_unit_id = c.org_unit_id`)).toEqual(['facts joined off customer_id']);
  });

  it('accepts windows over facts partitioned by customer_id, and refuses others', async () => {
    expect(await rules(`SELECT lag(received_at) OVER (PARTITION BY c.customer_id ORDER BY received_at) FROM fact_complaint c`)).toEqual([]);
    expect(await rules(`SELECT row_number() OVER (PARTITION BY org_unit_id) FROM fact_complaint`)).toEqual(['window over facts not partitioned by customer_id']);
    expect(await rules(`SELECT row_number() OVER () FROM dim_channel`)).toEqual([]);
    expect(await rules(`SELECT lag(c.received_at) OVER w FROM fact_complaint c WINDOW w AS (PARTITION BY c.customer_id ORDER BY c.received_at)`)).toEqual([]);
    expect(await rules(`SELECT lag(c.received_at) OVER w FROM fact_complaint c WINDOW w AS (ORDER BY c.received_at)`)).toEqual(['window over facts not partitioned by customer_id']);
  });

  it('finds ordered-set aggregates over the facts', async () => {
    expect(await orderedSetAggregatesOverFacts(`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM fact_complaint`)).toEqual(['percentile_cont']);
    expect(await orderedSetAggregatesOverFacts(`SELECT count(*), sum(x) FROM fact_complaint`)).toEqual([]);
  });

  it('tells statements on the facts from the others', async () => {
    expect(await touchesFacts(`SELECT count(*) FROM (SELECT 1 FROM fact_survey) s`)).toBe(true);
    expect(await touchesFacts(`SELECT * FROM dim_channel`)).toBe(false);
  });
});
