import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.ts';
import { loadDemoData } from '../../seeds/demo-loader.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// No N+1: a page of complaints with every relation costs one statement per
// level of nesting (plus the page and its count), whatever the page size.
const NESTED_PAGE = /* GraphQL */ `
  query NestedPage($first: Int!) {
    complaints(first: $first) {
      totalCount
      edges {
        node {
          id status receivedAt
          customer { id name segment complaints(first: 5) { nodes { id receivedAt } } }
          category { id nameZh parent { id nameEn } }
          orgUnit { id nameEn }
          channel { id code }
          surveys { id score satisfied }
        }
      }
    }
  }`;

describe('nested pages', () => {
  let db: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoData(db.pool, { seed: 3, customers: 5_000, months: 6, until: '2026-09-01', complaintsPer10k: 60, timeZone: 'Asia/Shanghai' });
    api = await startTestApi(db.url);
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it('cost the same number of statements for 10 and for 100 complaints, at most one per level plus page and count', async () => {
    // The first request reads the cached dimensions (org units, categories, channels): 3 statements, once per process.
    const { statements: warmUp } = await api.countStatements(() => api.query(NESTED_PAGE, { first: 1 }));
    expect(warmUp).toBeLessThanOrEqual(4 + 3);
    const counts: number[] = [];
    for (const first of [10, 100]) {
      const { result, statements, roundTrips, texts } = await api.countStatements(() => api.query(NESTED_PAGE, { first }));
      expect(result.errors).toBeUndefined();
      expect(result.data!.complaints.edges).toHaveLength(first);
      // page (with its customers joined), count, customer.complaints, surveys; category (and its
      // parent), org unit and channel come from the cached dimensions.
      expect(statements, texts.join('\n---\n')).toBe(4);
      // The surveys and the customers' complaints travel with the page (server/graphql/complaint/complaint.query.ts); the count beside them.
      expect(roundTrips).toBe(2);
      counts.push(statements);
    }
    expect(counts[0]).toBe(counts[1]);
  });

  it('looks ahead through fragments and @include: the same statements for the same data however the query is written', async () => {
    const written = /* GraphQL */ `
      query NestedPage($first: Int!, $withCustomer: Boolean!) {
        complaints(first: $first) { totalCount edges { node { ... on Node { id } ...Row } } }
      }
      fragment Row on Complaint {
        status receivedAt
        customer @include(if: $withCustomer) { id name segment complaints(first: 5) { nodes { id receivedAt } } }
        category { id nameZh parent { id nameEn } }
        orgUnit { id nameEn }
        channel { id code }
        surveys { id score satisfied }
      }`;
    const plain = await api.query(NESTED_PAGE, { first: 30 });
    const { result, statements } = await api.countStatements(() => api.query(written, { first: 30, withCustomer: true }));
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(statements).toBe(4);
    expect(result.data).toEqual(plain.data);
    const without = await api.countStatements(() => api.query(written, { first: 30, withCustomer: false }));
    expect(without.result.errors).toBeUndefined();
    expect(without.statements).toBe(3); // page, count, surveys
    expect(without.result.data!.complaints.edges[0].node.customer).toBeUndefined();
  });

  it('returns each customer’s own newest five complaints in the nested page', async () => {
    const { data } = await api.query(NESTED_PAGE, { first: 30 });
    for (const edge of data!.complaints.edges) {
      const customerKey = Buffer.from(edge.node.customer.id, 'base64url').toString().split(':')[1];
      const { rows } = await db.pool.query(
        `SELECT complaint_id::text AS id FROM fact_complaint WHERE customer_id = $1 ORDER BY received_at DESC, complaint_id DESC LIMIT 5`,
        [customerKey],
      );
      const nested = (edge.node.customer.complaints.nodes as { id: string }[]).map((c) => Buffer.from(c.id, 'base64url').toString().split(':')[1]);
      expect(nested).toEqual(rows.map((r) => r.id));
    }
  });

  it('gives the page’s customers (joined into its statement), surveys and customers’ complaints (in its round trip) exactly as the loaders do: scoped and masked for the viewer', async () => {
    // A county's analyst (masked personal data); one of the county's complaints has a customer moved to another county.
    const { rows: [county] } = await db.pool.query(
      `SELECT u.org_unit_id AS id, u.path FROM dim_org_unit u JOIN dim_org_unit s ON s.path LIKE u.path || '%' JOIN fact_complaint c ON c.org_unit_id = s.org_unit_id
        WHERE u.level = 'COUNTY' GROUP BY u.org_unit_id, u.path ORDER BY count(*) DESC LIMIT 1`);
    const { rows: [elsewhere] } = await db.pool.query(`SELECT org_unit_id AS id FROM dim_org_unit WHERE level = 'STATION' AND path NOT LIKE $1 || '%' LIMIT 1`, [county.path]);
    const { rows: [moved] } = await db.pool.query(
      `SELECT c.customer_id, cu.org_unit_id FROM fact_complaint c JOIN dim_org_unit u USING (org_unit_id) JOIN dim_customer cu USING (customer_id)
        WHERE u.path LIKE $1 || '%' ORDER BY c.received_at DESC, c.complaint_id DESC LIMIT 1`, [county.path]);
    const analyst: Viewer = { id: 't-analyst', username: 't', displayName: 'T', roles: ['ANALYST'], orgUnitScope: [county.path] };
    const page = `query { complaints(first: 20) { nodes { id surveys { id score surveyedAt } customer { id name phone accountNo segment complaints(first: 2) { nodes { id } } } } } }`;
    const one = `query($id: ID!) { complaint(id: $id) { surveys { id score surveyedAt } customer { id name phone accountNo segment complaints(first: 2) { nodes { id } } } } }`;
    await db.pool.query(`UPDATE dim_customer SET org_unit_id = $1 WHERE customer_id = $2`, [elsewhere.id, moved.customer_id]);
    try {
      const { data, errors } = await api.query(page, {}, { viewer: analyst });
      expect(errors).toBeUndefined();
      const nodes = data!.complaints.nodes as { id: string; customer: { name: string } | null; surveys: unknown[] }[];
      expect(nodes.length).toBe(20);
      expect(nodes[0]!.customer).toBeNull(); // the moved customer: outside the analyst's scope
      expect(nodes.filter((n) => n.customer !== null).length).toBeGreaterThan(10);
      expect(nodes.some((n) => n.surveys.length > 0)).toBe(true);
      for (const node of nodes) {
        // complaint(id) reads the customer through the loader's own statement.
        const alone = await api.query(one, { id: node.id }, { viewer: analyst });
        expect(alone.errors).toBeUndefined();
        expect(node.customer).toEqual(alone.data!.complaint.customer);
        expect(node.surveys).toEqual(alone.data!.complaint.surveys);
        if (node.customer) expect(node.customer.name).toMatch(/\*/);
      }
    } finally {
      await db.pool.query(`UPDATE dim_customer SET org_unit_id = $1 WHERE customer_id = $2`, [moved.org_unit_id, moved.customer_id]);
    }
  });
});
