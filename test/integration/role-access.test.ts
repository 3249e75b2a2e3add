import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.ts';
import { loadDemoData } from '../../seeds/demo-loader.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// What each role may ask for, over HTTP: allowed operations answer, refused
// ones say which capability they need (FORBIDDEN, 403) before any statement
// runs; and personal data comes back in full, masked or not at all.

const KPIS = '{ kpis(filter: { dateRange: { from: "2026-06-01", to: "2026-08-31" } }) { complaints } }';
const COMPLAINTS = '{ complaints(first: 1) { totalCount } }';
const CUSTOMERS = '{ customers(first: 1) { totalCount } }';
const DRILL = '{ kpiContributors(filter: { dateRange: { from: "2026-06-01", to: "2026-08-31" } }, kpi: "complaints", first: 1) { totalCount } }';
const NODE = '{ node(id: "T3JnVW5pdDox") { id } }';
const ORG_UNITS = '{ orgUnits(level: PROVINCE) { code } }';
const INTROSPECTION = '{ __schema { queryType { name } } }';

const refusal = (field: string, capability: string, roles: string, you: string) =>
  `Not allowed: ${field} needs ${capability}, which the roles ${roles} have; you have ${you}.`;

describe('roles', () => {
  let db: TestDatabase;
  let api: TestApi;
  let county: { path: string; id: number };
  let station: { path: string; id: number };
  const as = (roles: Viewer['roles'], scope: string[] = ['/']): Viewer => ({ id: `t-${roles.join('-')}`, username: 't', displayName: 'T', roles, orgUnitScope: scope });

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoData(db.pool, { seed: 7, customers: 3_000, months: 3, until: '2026-09-01', complaintsPer10k: 60, timeZone: 'Asia/Shanghai' });
    api = await startTestApi(db.url);
    county = (await db.pool.query(`SELECT path, org_unit_id AS id FROM dim_org_unit WHERE code = 'ZJ-NB-YZ'`)).rows[0];
    station = (await db.pool.query(`SELECT path, org_unit_id AS id FROM dim_org_unit WHERE code = 'ZJ-NB-YZ-01'`)).rows[0];
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  const expectAllowed = async (viewer: Viewer, query: string) => {
    const result = await api.query(query, {}, { viewer });
    expect(result.errors, `${viewer.roles} ${query}`).toBeUndefined();
    expect(result.status).toBe(200);
  };
  const expectRefused = async (viewer: Viewer, query: string, message: string) => {
    const { result, statements } = await api.countStatements(() => api.query(query, {}, { viewer }));
    expect(result.status).toBe(403);
    expect(result.errors).toEqual([{ message, extensions: { code: 'FORBIDDEN' } }]);
    expect(statements).toBe(0);
  };

  it('lets a regulator read KPIs and org units, and nothing about single complaints or customers', async () => {
    const regulator = as(['REGULATOR']);
    await expectAllowed(regulator, KPIS);
    await expectAllowed(regulator, ORG_UNITS);
    await expectRefused(regulator, COMPLAINTS, refusal('complaints', 'entity.read', 'ADMIN, MANAGER, ANALYST', 'REGULATOR'));
    await expectRefused(regulator, CUSTOMERS, refusal('customers', 'entity.read', 'ADMIN, MANAGER, ANALYST', 'REGULATOR'));
    await expectRefused(regulator, NODE, refusal('node', 'entity.read', 'ADMIN, MANAGER, ANALYST', 'REGULATOR'));
    await expectRefused(regulator, DRILL, refusal('kpiContributors', 'drillthrough.read', 'ADMIN, MANAGER, ANALYST', 'REGULATOR'));
    // Hidden in a fragment, still refused.
    await expectRefused(regulator, 'query { ...F } fragment F on Query { complaints(first: 1) { totalCount } }', refusal('complaints', 'entity.read', 'ADMIN, MANAGER, ANALYST', 'REGULATOR'));
    await expectRefused(regulator, INTROSPECTION, 'Not allowed: introspection is for the roles ADMIN, MANAGER, ANALYST; you have REGULATOR.');
  });

  it('lets the agent service account read reference data but no KPIs or entities', async () => {
    const agent = as(['AGENT']);
    await expectAllowed(agent, ORG_UNITS);
    await expectRefused(agent, KPIS, refusal('kpis', 'kpi.read', 'ADMIN, MANAGER, ANALYST, REGULATOR', 'AGENT'));
    await expectRefused(agent, COMPLAINTS, refusal('complaints', 'entity.read', 'ADMIN, MANAGER, ANALYST', 'AGENT'));
    await expectRefused(agent, INTROSPECTION, 'Not allowed: introspection is for the roles ADMIN, MANAGER, ANALYST; you have AGENT.');
  });

  it('lets analysts, managers and administrators read KPIs, drill-through and entities, and introspect', async () => {
    for (const roles of [['ANALYST'], ['MANAGER'], ['ADMIN']] as const) {
      for (const query of [KPIS, DRILL, COMPLAINTS, CUSTOMERS, INTROSPECTION]) await expectAllowed(as(roles), query);
    }
  });

  it('refuses introspection to anonymous requests outside development, and allows it in development (GraphiQL)', async () => {
    const anonymous = await api.query(INTROSPECTION, {}, { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors![0]!.message).toMatch(/^Introspection needs a signed-in user outside development\. Sign in first/);
    const development = await startTestApi(db.url, { development: true, poolSize: 1 });
    try {
      const result = await development.query(INTROSPECTION, {}, { token: null });
      expect(result.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      // Data still needs a token in development.
      expect((await development.query(COMPLAINTS, {}, { token: null })).status).toBe(401);
    } finally {
      await development.close();
    }
  });

  it('serves the GraphiQL page to browsers unless it is switched off (production without CLEARLINE_GRAPHIQL=on)', async () => {
    const page = (url: string) => fetch(url, { headers: { accept: 'text/html' } });
    const served = await page(api.url);
    expect(served.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await served.text()).toContain('GraphiQL');
    const off = await startTestApi(db.url, { graphiql: false, poolSize: 1 });
    try {
      const refused = await page(off.url);
      expect(refused.headers.get('content-type') ?? '').not.toMatch(/^text\/html/);
      expect(await refused.text()).not.toContain('GraphiQL');
    } finally {
      await off.close();
    }
  });

  describe('personal data', () => {
    const CUSTOMER_PAGE = `query($units: [ID!]) { customers(first: 500, filter: { orgUnitIds: $units }) { nodes { id name phone accountNo orgUnit { code } } } }`;
    const rawCustomers = async (path: string) => {
      const { rows } = await db.pool.query(
        `SELECT c.customer_id::text AS id, c.name, c.phone, c.account_no, u.code FROM dim_customer c JOIN dim_org_unit u USING (org_unit_id)
         WHERE u.path LIKE $1 || '%' ORDER BY c.customer_id`, [path]);
      return new Map(rows.map((r) => [r.id, r]));
    };
    const keyOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1]!;
    const customersAs = async (viewer: Viewer) => {
      const result = await api.query(CUSTOMER_PAGE, { units: [Buffer.from(`OrgUnit:${county.id}`).toString('base64url')] }, { viewer });
      expect(result.errors).toBeUndefined();
      return result.data!.customers.nodes as { id: string; name: string; phone: string | null; accountNo: string; orgUnit: { code: string } }[];
    };

    it('masks names (张*), phones (138****5678) and account numbers (last four) for analysts', async () => {
      const raw = await rawCustomers(county.path);
      const nodes = await customersAs(as(['ANALYST']));
      expect(nodes.length).toBe(Math.min(500, raw.size));
      for (const node of nodes) {
        const original = raw.get(keyOf(node.id))!;
        expect(node.name).toBe([...original.name][0] + '*'.repeat([...original.name].length - 1));
        if (original.phone) expect(node.phone).toBe(`${original.phone.slice(0, 3)}****${original.phone.slice(7)}`);
        expect(node.accountNo).toBe('*'.repeat(original.account_no.length - 4) + original.account_no.slice(-4));
        expect(node.name).not.toBe(original.name);
      }
      expect(nodes.some((n) => n.phone !== null)).toBe(true);
    });

    it('shows a manager their own station’s customers in full and the rest of their county masked', async () => {
      const raw = await rawCustomers(county.path);
      const manager = as(['MANAGER'], [county.path, station.path]);
      const nodes = await customersAs(manager);
      const own = nodes.filter((n) => n.orgUnit.code === 'ZJ-NB-YZ-01');
      const others = nodes.filter((n) => n.orgUnit.code !== 'ZJ-NB-YZ-01');
      expect(own.length).toBeGreaterThan(0);
      expect(others.length).toBeGreaterThan(0);
      for (const node of own) {
        const original = raw.get(keyOf(node.id))!;
        expect([node.name, node.phone, node.accountNo]).toEqual([original.name, original.phone, original.account_no]);
      }
      for (const node of others) expect(node.accountNo).toMatch(/^\*+\d{4}$/);
      // A county head without a station of their own sees everyone masked.
      const head = await customersAs(as(['MANAGER'], [county.path]));
      expect(head.every((n) => /^\*+\d{4}$/.test(n.accountNo))).toBe(true);
    });

    it('shows administrators personal data in full', async () => {
      const raw = await rawCustomers(county.path);
      for (const node of await customersAs(as(['ADMIN']))) expect(node.accountNo).toBe(raw.get(keyOf(node.id))!.account_no);
    });

    it('does not let a masked viewer find customers by name', async () => {
      const { rows: [someone] } = await db.pool.query(`SELECT name FROM dim_customer ORDER BY customer_id LIMIT 1`);
      const query = `query($s: String!) { customers(first: 5, filter: { search: $s }) { totalCount } }`;
      expect((await api.query(query, { s: someone.name }, { viewer: as(['ADMIN']) })).data!.customers.totalCount).toBeGreaterThan(0);
      expect((await api.query(query, { s: someone.name }, { viewer: as(['ANALYST']) })).data!.customers.totalCount).toBe(0);
    });
  });
});
