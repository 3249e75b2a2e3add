import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(warmUp).toBeLessThanOrEqual(5 + 3);
    const counts: number[] = [];
    for (const first of [10, 100]) {
      const { result, statements, texts } = await api.countStatements(() => api.query(NESTED_PAGE, { first }));
      expect(result.errors).toBeUndefined();
      expect(result.data!.complaints.edges).toHaveLength(first);
      // page, count, customer, customer.complaints, surveys; category (and its parent), org unit
      // and channel come from the cached dimensions.
      expect(statements, texts.join('\n---\n')).toBe(5);
      counts.push(statements);
    }
    expect(counts[0]).toBe(counts[1]);
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
});
