import { getNamedType, isLeafType, isObjectType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../seeds/demo-loader.ts';
import { ComplaintEntity } from '../../server/entities/complaint.entity.ts';
import { ALWAYS_READ, COLUMN_GROUPS } from '../../server/graphql/complaint/complaint-columns.ts';
import { clearlineSchema } from '../../server/graphql/schema.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Complaint rows read only the columns the query's fields need
// (server/graphql/complaint/complaint-columns.ts). A field whose resolver
// reads a column its mapping forgot would answer null or wrong when asked
// for alone: so each field, asked for alone, must answer what it answers
// next to every other field — on the top-level page and on the nested one.

describe('complaint rows read only the columns their fields need', () => {
  let db: TestDatabase;
  let api: TestApi;
  let fields: string[];
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoData(db.pool, { seed: 5, customers: 2_000, months: 6, until: '2026-09-01', complaintsPer10k: 80, timeZone: 'Asia/Shanghai' });
    api = await startTestApi(db.url);
    const complaint = (await clearlineSchema()).getType('Complaint') as GraphQLObjectType;
    fields = Object.values(complaint.getFields()).map((field) => {
      const type = getNamedType(field.type);
      return isLeafType(type) ? field.name : `${field.name} { ${isObjectType(type) && 'id' in type.getFields() ? 'id' : '__typename'} }`;
    });
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it('maps every column of fact_complaint to the keys or one group', () => {
    const columns = api.dataSource.getMetadata(ComplaintEntity).columns.map((c) => c.databaseName).sort();
    expect([...ALWAYS_READ, ...Object.values(COLUMN_GROUPS).flat()].sort()).toEqual(columns);
  });

  it('answers each field alone as it answers it among all the others, on a page and on a nested page', async () => {
    const page = (selection: string) => `{ complaints(first: 25) { nodes { id ${selection} customer { id complaints(first: 3) { nodes { id ${selection} } } } } } }`;
    const all = await api.query(page(fields.join(' ')));
    expect(all.errors).toBeUndefined();
    expect(all.data!.complaints.nodes).toHaveLength(25);
    const names = fields.map((field) => field.split(' ')[0]!);
    const pick = (nodes: Record<string, any>[], name: string) => nodes.map((node) => ({
      id: node.id,
      // customer is also the page's own way down to the nested page: compare its id.
      value: name === 'customer' ? node.customer.id : node[name],
      nested: node.customer.complaints.nodes.map((nested: Record<string, unknown>) => [nested.id, nested[name]]),
    }));
    for (const [i, field] of fields.entries()) {
      const alone = await api.query(page(field));
      expect(alone.errors, field).toBeUndefined();
      expect(pick(alone.data!.complaints.nodes, names[i]!), field).toEqual(pick(all.data!.complaints.nodes, names[i]!));
    }
    // The answers are not vacuous: open and resolved complaints, with their times.
    const nodes = all.data!.complaints.nodes as Record<string, unknown>[];
    expect(nodes.some((n) => n.resolvedAt !== null) && nodes.some((n) => n.resolvedAt === null)).toBe(true);
  });
});
