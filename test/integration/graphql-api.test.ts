import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_VIEWER, type Viewer } from '../../server/auth/viewer.ts';
import { createContext } from '../../server/graphql/context.ts';
import { ReferenceData } from '../../server/graphql/reference-data.ts';
import { toGlobalId } from '../../server/graphql/relay/global-id.ts';
import { loadDemoData } from '../../seeds/demo-loader.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The entity API against a small demo load, every answer checked against SQL.

const keyOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1]!;

describe('GraphQL entity API', () => {
  let db: TestDatabase;
  let api: TestApi;
  const count = async (sql: string, params: unknown[] = []) => Number((await db.pool.query(sql, params)).rows[0].n);
  const ids = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows.map((r) => String(r.id));

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoData(db.pool, { seed: 5, customers: 6_000, months: 6, until: '2026-09-01', complaintsPer10k: 60, timeZone: 'Asia/Shanghai' });
    api = await startTestApi(db.url);
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  describe('Relay pagination', () => {
    const PAGE = /* GraphQL */ `query Page($first: Int, $after: String, $last: Int, $before: String) {
      complaints(first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }
      }
    }`;

    it('walks forward page by page in received order, newest first, without gaps or repeats', async () => {
      const expected = await ids(`SELECT complaint_id AS id FROM fact_complaint ORDER BY received_at DESC, complaint_id DESC LIMIT 75`);
      const first = await api.query(PAGE, { first: 50 });
      const second = await api.query(PAGE, { first: 25, after: first.data!.complaints.pageInfo.endCursor });
      const seen = [...first.data!.complaints.edges, ...second.data!.complaints.edges].map((e: { node: { id: string } }) => keyOf(e.node.id));
      expect(seen).toEqual(expected);
      expect(first.data!.complaints.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      expect(first.data!.complaints.totalCount).toBe(await count('SELECT count(*) AS n FROM fact_complaint'));
    });

    it('walks backward with last/before', async () => {
      const expected = await ids(`SELECT complaint_id AS id FROM fact_complaint ORDER BY received_at DESC, complaint_id DESC LIMIT 20`);
      const tail = await api.query(PAGE, { first: 20 });
      const cursor = tail.data!.complaints.edges[19].cursor;
      const back = await api.query(PAGE, { last: 10, before: cursor });
      expect(back.data!.complaints.edges.map((e: { node: { id: string } }) => keyOf(e.node.id))).toEqual(expected.slice(9, 19));
      expect(back.data!.complaints.pageInfo.hasPreviousPage).toBe(true);
    });

    it('refuses more than 500 rows a page, naming the argument', async () => {
      const { errors, data } = await api.query(PAGE, { first: 501 });
      expect(data?.complaints ?? null).toBeNull();
      expect(errors![0]).toMatchObject({ message: 'first: at most 500 rows per page, got 501; page through the rest with `after`', extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
    });

    it('refuses first together with last, and a cursor that is not one', async () => {
      expect((await api.query(PAGE, { first: 5, last: 5 })).errors![0]!.message).toBe('first: give `first` or `last`, not both');
      const bad = await api.query(PAGE, { first: 5, after: 'not-a-cursor' });
      expect(bad.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
      expect(bad.errors![0]!.message).toMatch(/^after: "not-a-cursor" is not a valid cursor/);
    });
  });

  describe('complaint filters', () => {
    const FILTERED = /* GraphQL */ `query Filtered($filter: ComplaintFilter) { complaints(filter: $filter, first: 500) { totalCount nodes { id } } }`;
    const check = async (filter: Record<string, unknown>, sqlWhere: string, params: unknown[] = []) => {
      const { data, errors } = await api.query(FILTERED, { filter });
      expect(errors).toBeUndefined();
      const expected = await count(`SELECT count(*) AS n FROM fact_complaint c WHERE ${sqlWhere}`, params);
      expect(expected, 'the fixture should exercise this filter').toBeGreaterThan(0);
      expect(data!.complaints.totalCount).toBe(expected);
      return data!.complaints.nodes.map((n: { id: string }) => keyOf(n.id)) as string[];
    };

    it('by received and resolved days (inclusive)', async () => {
      await check({ receivedDate: { from: '2026-07-01', to: '2026-07-31' } }, `received_date BETWEEN '2026-07-01' AND '2026-07-31'`);
      await check({ resolvedDate: { from: '2026-08-01', to: '2026-08-01' } }, `resolved_date = '2026-08-01'`);
    });

    it('by org unit subtree', async () => {
      const { rows } = await db.pool.query(`SELECT org_unit_id, path FROM dim_org_unit WHERE code = 'ZJ-HZ'`);
      await check({ orgUnitIds: [toGlobalId('OrgUnit', rows[0].org_unit_id)] },
        `org_unit_id IN (SELECT org_unit_id FROM dim_org_unit WHERE path LIKE $1 || '%')`, [rows[0].path]);
    });

    it('by category, a level-1 group including its categories', async () => {
      const { rows } = await db.pool.query(`SELECT category_id FROM dim_category WHERE code = 'E04'`);
      await check({ categoryIds: [toGlobalId('Category', rows[0].category_id)] },
        `category_id IN (SELECT category_id FROM dim_category WHERE parent_id = $1)`, [rows[0].category_id]);
    });

    it('by channel, status and segment', async () => {
      await check({ channels: ['REGULATOR_12398', 'SOCIAL_MEDIA'] }, `channel_id IN (5, 7)`);
      await check({ statuses: ['RESPONDED', 'REOPENED'] }, `status IN ('RESPONDED', 'REOPENED')`);
      await check({ segments: ['COMMERCIAL'] }, `customer_id IN (SELECT customer_id FROM dim_customer WHERE segment = 'COMMERCIAL')`);
    });

    it('by repeat, exempt and overdue', async () => {
      await check({ isRepeat: true }, `is_repeat`);
      await check({ exempt: true }, `exemption_filing_id IS NOT NULL`);
      await check({ exempt: false, isRepeat: false }, `exemption_filing_id IS NULL AND NOT is_repeat`);
      await check({ overdue: true }, `resolved_at IS NULL AND sla_due_at < now()`);
    });

    it('by text in the description, taking % and _ literally', async () => {
      await check({ search: '电费' }, `description ILIKE '%电费%'`);
      const { data } = await api.query(FILTERED, { filter: { search: '%_' } });
      expect(data!.complaints.totalCount).toBe(0);
    });

    it('by customer, combined with other conditions', async () => {
      const { rows } = await db.pool.query(`SELECT customer_id FROM fact_complaint GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1`);
      const customer = rows[0].customer_id;
      await check({ customerId: toGlobalId('Customer', customer), receivedDate: { from: '2026-03-01', to: '2026-08-31' } },
        `customer_id = $1 AND received_date BETWEEN '2026-03-01' AND '2026-08-31'`, [customer]);
    });
  });

  describe('single objects and reference lists', () => {
    it('fetches a customer with its complaints and surveys, newest first', async () => {
      const { rows } = await db.pool.query(`SELECT customer_id FROM fact_survey GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1`);
      const id = toGlobalId('Customer', rows[0].customer_id);
      const { data, errors } = await api.query(`query($id: ID!) { customer(id: $id) {
        id name segment specialFlags { flag validFrom }
        complaints(first: 50) { totalCount nodes { id receivedAt } }
        surveys(first: 50) { totalCount nodes { id surveyedAt score } } } }`, { id });
      expect(errors).toBeUndefined();
      expect(data!.customer.id).toBe(id);
      const complaints = await ids(`SELECT complaint_id AS id FROM fact_complaint WHERE customer_id = $1 ORDER BY received_at DESC, complaint_id DESC`, [rows[0].customer_id]);
      expect(data!.customer.complaints.nodes.map((n: { id: string }) => keyOf(n.id))).toEqual(complaints.slice(0, 50));
      expect(data!.customer.complaints.totalCount).toBe(complaints.length);
      const surveys = await ids(`SELECT survey_id AS id FROM fact_survey WHERE customer_id = $1 ORDER BY surveyed_at DESC, survey_id DESC`, [rows[0].customer_id]);
      expect(data!.customer.surveys.nodes.map((n: { id: string }) => keyOf(n.id))).toEqual(surveys.slice(0, 50));
    });

    it('lists org units as a tree, categories in two levels, and the channels', async () => {
      const { data } = await api.query(`{ orgUnits { id level parent { id } children { id } }
        categories(level: 1) { code children { code parent { code } } } channels { code nameZh } }`);
      expect(data!.orgUnits).toHaveLength(await count('SELECT count(*) AS n FROM dim_org_unit'));
      const province = data!.orgUnits.find((u: { level: string }) => u.level === 'PROVINCE');
      expect(province.parent).toBeNull();
      expect(province.children).toHaveLength(8);
      expect(data!.categories).toHaveLength(10);
      for (const group of data!.categories) for (const child of group.children) expect(child.parent.code).toBe(group.code);
      expect(data!.channels.map((c: { code: string }) => c.code)).toContain('HOTLINE_95598');
    });

    it('finds any object by its global id with node()', async () => {
      const { data } = await api.query(`{ complaints(first: 1) { nodes { id } } }`);
      const id = data!.complaints.nodes[0].id;
      const node = await api.query(`query($id: ID!) { node(id: $id) { __typename id ... on Complaint { status } } }`, { id });
      expect(node.data!.node).toMatchObject({ __typename: 'Complaint', id });
    });
  });

  describe('errors', () => {
    it('BAD_USER_INPUT for an id that is not one, naming the argument', async () => {
      const { errors } = await api.query(`{ complaint(id: "nonsense") { id } }`);
      expect(errors![0]).toMatchObject({ message: 'id: "nonsense" is not a valid Complaint id', extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
    });

    it('BAD_USER_INPUT for the id of another type', async () => {
      const { errors } = await api.query(`query($id: ID!) { complaint(id: $id) { id } }`, { id: toGlobalId('Customer', 1) });
      expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    });

    it('NOT_FOUND for an id with no complaint', async () => {
      const id = toGlobalId('Complaint', 999_999_999);
      const { errors, data } = await api.query(`query($id: ID!) { complaint(id: $id) { id } }`, { id });
      expect(data!.complaint).toBeNull();
      expect(errors![0]).toMatchObject({ message: `No complaint with id "${id}" in your org units`, extensions: { code: 'NOT_FOUND' } });
    });

    it('BAD_USER_INPUT for an inverted date range, naming the filter', async () => {
      const { errors } = await api.query(`{ complaints(filter: { receivedDate: { from: "2026-02-01", to: "2026-01-31" } }) { totalCount } }`);
      expect(errors![0]).toMatchObject({
        message: 'filter.receivedDate: `to` (2026-01-31) is before `from` (2026-02-01)',
        extensions: { code: 'BAD_USER_INPUT', field: 'filter.receivedDate' },
      });
    });

    it('refuses an unknown enum value, in the query or in variables', async () => {
      const inline = await api.query(`{ complaints(filter: { channels: [FAX] }) { totalCount } }`);
      expect(inline.status).toBe(400);
      expect(inline.errors![0]!.message).toMatch(/Value "FAX" does not exist in "ChannelCode" enum/);
      expect(inline.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const variable = await api.query(`query($f: ComplaintFilter) { complaints(filter: $f) { totalCount } }`, { f: { statuses: ['DONE'] } });
      expect(variable.status).toBe(400);
      expect(variable.errors![0]!.message).toMatch(/Value "DONE" does not exist in "ComplaintStatus" enum/);
      expect(variable.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    });

    it('shows no stack traces outside development', async () => {
      const { errors } = await api.query(`{ complaint(id: "nonsense") { id } }`);
      expect(errors![0]!.extensions!.stacktrace).toBeUndefined();
    });
  });

  describe('bounded queries', () => {
    it('refuses an over-deep query before running it', async () => {
      const deep = `{ orgUnits { children { children { children { children { children { children { children { children { children { id } } } } } } } } } } }`;
      const { result, statements } = await api.countStatements(() => api.query(deep));
      expect(result.status).toBe(400);
      expect(result.errors![0]!.message).toMatch(/depth/i);
      expect(statements).toBe(0);
    });

    it('refuses an over-costly query before running it, saying its cost', async () => {
      const costly = `{ complaints(first: 500) { nodes { customer { complaints(first: 500) { nodes { id status } } } } } }`;
      const { result, statements } = await api.countStatements(() => api.query(costly));
      expect(result.status).toBe(400);
      expect(result.errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
      expect(result.errors![0]!.message).toMatch(/^Query cost \d+ exceeds the limit of 100000/);
      expect(result.errors![0]!.extensions!.cost).toBeGreaterThan(100_000);
      expect(statements).toBe(0);
    });
  });

  describe('the viewer’s org-unit scope', () => {
    it('limits every list and lookup to the viewer’s subtree', async () => {
      const { rows } = await db.pool.query(`SELECT path FROM dim_org_unit WHERE code = 'ZJ-NB-YZ'`);
      const county: Viewer = { ...DEVELOPMENT_VIEWER, id: 'county-manager', roles: ['MANAGER'], orgUnitScope: [rows[0].path] };
      const inCounty = `org_unit_id IN (SELECT org_unit_id FROM dim_org_unit WHERE path LIKE $1 || '%')`;
      const { execute, parse } = await import('graphql');
      const { clearlineSchema } = await import('../../server/graphql/schema.ts');
      const run = async (query: string, variableValues?: Record<string, unknown>) =>
        execute({ schema: await clearlineSchema(), document: parse(query), contextValue: createContext(api.dataSource, new ReferenceData(api.dataSource), county), variableValues });

      const complaints = await run(`{ complaints(first: 500) { totalCount nodes { orgUnit { path } } } }`);
      expect((complaints.data as any).complaints.totalCount).toBe(await count(`SELECT count(*) AS n FROM fact_complaint WHERE ${inCounty}`, [rows[0].path]));
      for (const node of (complaints.data as any).complaints.nodes) expect(node.orgUnit.path.startsWith(rows[0].path)).toBe(true);

      const customers = await run(`{ customers(first: 1) { totalCount } surveys(first: 1) { totalCount } }`);
      expect((customers.data as any).customers.totalCount).toBe(await count(`SELECT count(*) AS n FROM dim_customer WHERE ${inCounty}`, [rows[0].path]));
      expect((customers.data as any).surveys.totalCount).toBe(await count(`SELECT count(*) AS n FROM fact_survey WHERE ${inCounty}`, [rows[0].path]));

      const outside = await db.pool.query(`SELECT complaint_id FROM fact_complaint WHERE NOT ${inCounty} LIMIT 1`, [rows[0].path]);
      const lookup = await run(`query($id: ID!) { complaint(id: $id) { id } }`, { id: toGlobalId('Complaint', outside.rows[0].complaint_id) });
      expect(lookup.errors![0]!.message).toMatch(/^No complaint with id ".*" in your org units$/);
    });
  });
});
