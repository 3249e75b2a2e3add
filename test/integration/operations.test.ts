import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { signAccessToken } from '../../server/auth/access-token.ts';
import { ephemeralAuthConfig } from '../../server/auth/auth-config.ts';
import type { Viewer } from '../../server/auth/viewer.ts';
import { createDataSource } from '../../server/db/data-source.ts';
import { createApp, type AppState } from '../../server/http/app.ts';
import { createGraphQLEndpoint, type GraphQLEndpoint } from '../../server/http/graphql-endpoint.ts';
import { exportConfigFromEnv } from '../../server/exports/export-config.ts';
import { exportSettled, requestComplaintsExtract } from '../../server/exports/export-jobs.ts';
import { kpiCacheLookups, kpiResponseCacheLookups, metricsRegistry, watchPool, watchRollups } from '../../server/observability/metrics.ts';
import { refreshRollups } from '../../server/rollups/rollup-refresh.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvText, importCsv } from '../support/import-csv.ts';
import { loadKpiFixture } from '../support/kpi-fixture.ts';
import { startTestApi, TEST_ADMIN, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Operations: request logs, slow-statement logs, /metrics, /healthz's rollup
// freshness, /readyz, and the KPI response cache — over the hand-computed
// KPI fixture (test/support/kpi-fixture.ts).

const TILES = `query Tiles { kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }) { complaints } }`;

type LogLine = Record<string, unknown> & { msg: string };

/** A pino logger writing into an array, one parsed object per line. */
function capturedLogger() {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: pino({ base: undefined }, destination), lines };
}

describe('operations', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let endpoint: GraphQLEndpoint;
  const auth = ephemeralAuthConfig({ development: false });
  const servers: Server[] = [];
  let adminToken: string;

  const serve = async (state: Partial<AppState>) => {
    const app = createApp({ pool: db.pool, databaseDescription: 'test', graphql: endpoint.handler, ...state });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const post = (url: string, query: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}`, ...headers }, body: JSON.stringify({ query }) });
  // The log line is written when the response closes; give the event loop a turn.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadKpiFixture(db);
    dataSource = createDataSource(db.url, { poolSize: 2 });
    await dataSource.initialize();
    endpoint = await createGraphQLEndpoint(dataSource, { development: false, log: () => {}, security: { auth }, kpiCacheEntries: 100 });
    adminToken = (await signAccessToken(auth, TEST_ADMIN)).token;
  });
  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    await endpoint?.stop();
    await dataSource?.destroy();
    await db?.drop();
  });

  describe('request logs', () => {
    it('write one line per request with its id, viewer id, operation, statement count and KPI sources', async () => {
      const { logger, lines } = capturedLogger();
      const url = await serve({ logger, slowStatementMs: 60_000 });
      // Warm-up: the first KPI request of a process also loads the reference data (org units, categories, channels).
      await (await post(url, `{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-01-02" } }) { complaints } }`, { 'x-request-id': 'req-warm-up-0001' })).json();
      const first = await post(url, TILES, { 'x-request-id': 'req-test-000001' });
      expect(first.headers.get('x-request-id')).toBe('req-test-000001');
      expect(((await first.json()) as { data: { kpis: { complaints: number }[] } }).data.kpis).toEqual([{ complaints: 6 }]);
      const again = await post(url, TILES, { 'x-request-id': 'not a sane id {"level":60}' });
      const generated = again.headers.get('x-request-id')!;
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);
      await again.json();
      await settle();

      const requests = lines.filter((l) => l.msg === 'request' && l.requestId !== 'req-warm-up-0001');
      expect(requests).toHaveLength(2);
      // Cache miss: the data version read and the KPI statement; then a hit: the version read only.
      expect(requests[0]).toMatchObject({ requestId: 'req-test-000001', method: 'POST', path: '/graphql', status: 200, viewerId: 'test-admin', operation: 'Tiles', statements: 2, kpiSources: ['rollup_complaint_received_daily'] });
      expect(requests[1]).toMatchObject({ requestId: generated, viewerId: 'test-admin', operation: 'Tiles', statements: 1, kpiCacheHits: 1 });
      expect(typeof requests[0]!.durationMs).toBe('number');
      // Ids and counts only: no name, username or display name of the viewer.
      expect(JSON.stringify(requests)).not.toMatch(/Test administrator|username/);
    });

    it('log slow statements with their SQL text and never their parameter values', async () => {
      const { logger, lines } = capturedLogger();
      const url = await serve({ logger, slowStatementMs: 0 }); // every statement counts as slow
      const response = await post(url, `query Odd { kpis(filter: { dateRange: { from: "2024-01-03", to: "2024-02-27" } }, groupBy: [CHANNEL]) { complaints } }`);
      expect(response.status).toBe(200);
      await response.json();
      await settle();
      const slow = lines.filter((l) => l.msg === 'slow statement');
      const kpiStatement = slow.find((l) => String(l.sql).includes('rollup_complaint_received_daily'));
      expect(kpiStatement).toBeDefined();
      expect(kpiStatement).toMatchObject({ level: 40, requestId: response.headers.get('x-request-id') });
      expect(String(kpiStatement!.parameters)).toMatch(/^\[\d+ redacted\]$/);
      expect(String(kpiStatement!.sql)).toMatch(/\$1/);
      const logged = JSON.stringify(slow);
      expect(logged).not.toContain('2024-01-03');
      expect(logged).not.toContain('2024-02-27');
    });
  });

  describe('/metrics', () => {
    it('count requests and latency per operation, errors by code, pool connections and rollup age', async () => {
      watchPool('test', db.pool);
      watchRollups(db.pool);
      const { logger } = capturedLogger();
      const url = await serve({ logger });
      await (await post(url, TILES)).json();
      await (await post(url, `query Broken { kpis { noSuchField } }`)).json();
      await settle();
      const response = await fetch(`${url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(text).toMatch(/^clearline_graphql_requests_total\{operation="Tiles"\} [1-9]\d*$/m);
      expect(text).toMatch(/^clearline_graphql_request_duration_seconds_count\{operation="Tiles"\} [1-9]\d*$/m);
      expect(text).toMatch(/^clearline_graphql_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} [1-9]\d*$/m);
      expect(text).toMatch(/^clearline_db_pool_connections\{pool="test",state="total"\} \d+$/m);
      expect(text).toMatch(/^clearline_db_pool_connections\{pool="test",state="waiting"\} 0$/m);
      const age = /^clearline_rollup_age_seconds (\d+(?:\.\d+)?)$/m.exec(text);
      expect(age).not.toBeNull();
      expect(Number(age![1])).toBeLessThan(3600); // the fixture refreshed them moments ago
      // Earlier requests of this suite asked the same: the whole response came from the cache.
      expect(text).toMatch(/^clearline_kpi_response_cache_lookups_total\{result="hit"\} [1-9]\d*$/m);
    });

    it('answer only this machine without a token, and a forwarded request never', async () => {
      const url = await serve({});
      expect((await fetch(`${url}/metrics`)).status).toBe(200);
      const forwarded = await fetch(`${url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(forwarded.status).toBe(403);
      expect(await forwarded.text()).toMatch(/CLEARLINE_METRICS_TOKEN/);
    });

    it('require the bearer token when CLEARLINE_METRICS_TOKEN is set', async () => {
      const url = await serve({ metricsToken: 'scrape-secret-0123456789' });
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong-secret-0123456789' } })).status).toBe(401);
      const right = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer scrape-secret-0123456789' } });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('clearline_graphql_requests_total');
    });
  });

  describe('/healthz and /readyz', () => {
    it('/healthz says whether the rollups are fresh', async () => {
      const url = await serve({ rollupMaxAgeHours: 26 });
      const fresh = (await (await fetch(`${url}/healthz`)).json()) as { rollups: { fresh: boolean; ageHours: number; maxAgeHours: number } };
      expect(fresh.rollups).toMatchObject({ fresh: true, maxAgeHours: 26 });
      expect(fresh.rollups.ageHours).toBeLessThan(1);
      const { rows } = await db.pool.query<{ refreshed_at: Date }>('SELECT refreshed_at FROM rollup_state');
      await db.pool.query(`UPDATE rollup_state SET refreshed_at = now() - interval '30 hours'`);
      try {
        const response = await fetch(`${url}/healthz`);
        expect(response.status).toBe(200); // stale rollups are reported, not fatal
        const stale = (await response.json()) as { status: string; rollups: { fresh: boolean; ageHours: number } };
        expect(stale.status).toBe('ok');
        expect(stale.rollups.fresh).toBe(false);
        expect(stale.rollups.ageHours).toBeCloseTo(30, 0);
      } finally {
        await db.pool.query(`UPDATE rollup_state SET refreshed_at = $1`, [rows[0]!.refreshed_at]);
      }
    });

    it('/readyz answers 503 while starting and draining, 200 when ready', async () => {
      const state: Partial<AppState> = { phase: 'starting' };
      const url = await serve(state);
      const statusOf = async () => {
        const response = await fetch(`${url}/readyz`);
        return [response.status, ((await response.json()) as { status: string }).status];
      };
      expect(await statusOf()).toEqual([503, 'starting']);
      state.phase = 'ready';
      // createApp keeps the state object it was given: the same object, changed later by boot.ts.
      expect(await statusOf()).toEqual([503, 'starting']);
      const live: AppState = { pool: db.pool, databaseDescription: 'test', graphql: endpoint.handler, phase: 'starting' };
      const app = createApp(live);
      const server: Server = await new Promise((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      servers.push(server);
      const liveUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const phaseOf = async () => (await fetch(`${liveUrl}/readyz`)).status;
      expect(await phaseOf()).toBe(503);
      live.phase = 'ready';
      expect(await phaseOf()).toBe(200);
      live.phase = 'draining';
      expect(await phaseOf()).toBe(503);
    });
  });

  describe('the KPI response cache', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(db.url, { kpiCacheEntries: 100 });
    });
    afterAll(() => api?.close());

    const kpiStatements = (texts: string[]) => texts.filter((t) => /rollup_|fact_/.test(t) && !t.includes('data_version'));

    it('serves a repeated identical query from the cache: only the data version is read', async () => {
      const query = `{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-01-31" } }, groupBy: [CHANNEL]) { key { channel { code } } complaints } }`;
      const first = await api.countStatements(() => api.query(query));
      expect(kpiStatements(first.texts)).toHaveLength(1);
      const second = await api.countStatements(() => api.query(query));
      expect(second.result.data).toEqual(first.result.data);
      expect(kpiStatements(second.texts)).toHaveLength(0);
      expect(second.texts).toEqual(['SELECT version::text AS version FROM data_version']);
      expect(second.statements).toBeLessThan(first.statements);
    });

    it('runs identical queries arriving together once', async () => {
      const query = `{ kpis(filter: { dateRange: { from: "2024-02-01", to: "2024-02-29" } }, groupBy: [SEGMENT]) { key { segment } complaints } }`;
      const both = await api.countStatements(() => Promise.all([api.query(query), api.query(query), api.query(query)]));
      expect(kpiStatements(both.texts)).toHaveLength(1);
      expect(both.result[1].data).toEqual(both.result[0].data);
      expect(both.result[2].data).toEqual(both.result[0].data);
    });

    it('answers anew after a load (insert and rollup refresh), and after a mutation of the facts alone', async () => {
      const before = await api.query(TILES);
      expect(before.data!.kpis).toEqual([{ complaints: 6 }]);
      // A load: one more complaint on Feb 12 at station 6, then the rollups of that day.
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`INSERT INTO fact_complaint (complaint_id, source_system, source_id, customer_id, customer_segment, category_id, channel_id, org_unit_id,
            received_date, received_at, status, sla_due_at) VALUES (90, 'TEST', '90', 2, 'COMMERCIAL', 5, 1, 6, '2024-02-12', '2024-02-12T10:00+08', 'ASSIGNED', '2024-02-15T10:00+08')`);
        await refreshRollups(client, { days: ['2024-02-12'] });
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      expect((await api.query(TILES)).data!.kpis).toEqual([{ complaints: 7 }]);

      // A mutation changes facts without touching the rollups: the version moves all the same.
      const version = async () => (await db.pool.query<{ version: string }>('SELECT version::text AS version FROM data_version')).rows[0]!.version;
      const cached = await api.countStatements(() => api.query(TILES));
      expect(kpiStatements(cached.texts)).toHaveLength(0);
      const beforeMutation = await version();
      await db.pool.query(`UPDATE fact_complaint SET escalated = NOT escalated WHERE complaint_id = 90`);
      expect(await version()).not.toBe(beforeMutation);
      const after = await api.countStatements(() => api.query(TILES));
      expect(kpiStatements(after.texts)).toHaveLength(1);

      // Undo the load, as a load would (delete, refresh): back to the fixture's figure.
      const undo = await db.pool.connect();
      try {
        await undo.query('BEGIN');
        await undo.query('DELETE FROM fact_complaint WHERE complaint_id = 90');
        await refreshRollups(undo, { days: ['2024-02-12'] });
        await undo.query('COMMIT');
      } finally {
        undo.release();
      }
      expect((await api.query(TILES)).data!.kpis).toEqual([{ complaints: 6 }]);
    });

    it('does not move the version for a transaction that is rolled back', async () => {
      const version = async () => (await db.pool.query<{ version: string }>('SELECT version::text AS version FROM data_version')).rows[0]!.version;
      const before = await version();
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`UPDATE fact_complaint SET escalated = NOT escalated WHERE complaint_id = 1`);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
      expect(await version()).toBe(before);
    });

    it('never shares an entry between viewers with different scopes', async () => {
      const city1: Viewer = { id: 'm-city-1', displayName: 'Manager, city 1', roles: ['MANAGER'], orgUnitScope: ['/1/2/'] };
      const city2: Viewer = { id: 'm-city-2', displayName: 'Manager, city 2', roles: ['MANAGER'], orgUnitScope: ['/1/3/'] };
      // City 1 (station 6): #1, #2, #3 in January, #6, #7 in February. City 2 (station 7): #4; #5 is exempt.
      const a = await api.countStatements(() => api.query(TILES, undefined, { viewer: city1 }));
      expect(a.result.data!.kpis).toEqual([{ complaints: 5 }]);
      const b = await api.countStatements(() => api.query(TILES, undefined, { viewer: city2 }));
      expect(b.result.data!.kpis).toEqual([{ complaints: 1 }]);
      expect(kpiStatements(b.texts)).toHaveLength(1); // a miss, though city 1's answer is cached
      const aAgain = await api.countStatements(() => api.query(TILES, undefined, { viewer: city1 }));
      expect(aAgain.result.data!.kpis).toEqual([{ complaints: 5 }]);
      expect(kpiStatements(aAgain.texts)).toHaveLength(0);
      const bAgain = await api.countStatements(() => api.query(TILES, undefined, { viewer: city2 }));
      expect(bAgain.result.data!.kpis).toEqual([{ complaints: 1 }]);
      expect(kpiStatements(bAgain.texts)).toHaveLength(0);
    });
  });

  describe('the whole-response cache of KPI-only queries', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(db.url, { kpiCacheEntries: 100 });
    });
    afterAll(() => api?.close());

    const counter = async (metric: typeof kpiResponseCacheLookups | typeof kpiCacheLookups, result: string) =>
      (await metric.get()).values.find((v) => v.labels.result === result)?.value ?? 0;
    const lookups = async () => ({
      responseHits: await counter(kpiResponseCacheLookups, 'hit'), responseMisses: await counter(kpiResponseCacheLookups, 'miss'),
      statementHits: await counter(kpiCacheLookups, 'hit'), statementMisses: await counter(kpiCacheLookups, 'miss'),
    });
    const delta = (before: Awaited<ReturnType<typeof lookups>>, after: Awaited<ReturnType<typeof lookups>>) =>
      Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]));

    it('answers a repeated KPI-only query without executing it, with the same data and extensions', async () => {
      const query = `query ByCategory { a: kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, groupBy: [CATEGORY_GROUP]) { key { category { code } } complaints satisfactionRate }
                      b: kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }) { medianResolutionHours } }`;
      const start = await lookups();
      const first = await api.query(query);
      expect(first.errors).toBeUndefined();
      const afterFirst = await lookups();
      expect(delta(start, afterFirst)).toEqual({ responseHits: 0, responseMisses: 1, statementHits: 0, statementMisses: 2 });
      const second = await api.countStatements(() => api.query(query));
      // No statement cache lookup at all: the response came whole; only the data version was read.
      expect(delta(afterFirst, await lookups())).toEqual({ responseHits: 1, responseMisses: 0, statementHits: 0, statementMisses: 0 });
      expect(second.texts).toEqual(['SELECT version::text AS version FROM data_version']);
      expect(second.result.data).toEqual(first.data);
      const kpisOf = (r: unknown) => (r as { extensions: { kpis: { path: string; sources: Record<string, string> }[] } }).extensions.kpis;
      expect(kpisOf(second.result).map(({ path, sources }) => ({ path, sources }))).toEqual(kpisOf(first).map(({ path, sources }) => ({ path, sources })));
      expect(kpisOf(first).find((k) => k.path === 'b')!.sources).toEqual({ medianResolutionHours: 'facts' });

      // Another role over the same scope is another entry (what a role may see can differ).
      const analyst: Viewer = { id: 'an-1', displayName: 'Analyst', roles: ['ANALYST'], orgUnitScope: ['/'] };
      const before = await lookups();
      expect((await api.query(query, undefined, { viewer: analyst })).data).toEqual(first.data);
      expect(delta(before, await lookups())).toMatchObject({ responseHits: 0, responseMisses: 1 });
    });

    it('executes identical queries arriving together once; the others wait for its response', async () => {
      const query = `{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }, groupBy: [CHANNEL]) { key { channel { code } } complaints slaComplianceRate } }`;
      const before = await lookups();
      const answers = await Promise.all([1, 2, 3, 4].map(() => api.query(query)));
      expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
      expect(answers[0]!.errors).toBeUndefined();
      expect(delta(before, await lookups())).toMatchObject({ responseHits: 3, responseMisses: 1, statementMisses: 1 });
    });

    it('keeps neither a query that asks for more than KPIs nor a response with errors', async () => {
      const mixed = `{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-01-31" } }) { complaints } channels { code } }`;
      await api.query(mixed);
      const before = await lookups();
      expect((await api.query(mixed)).errors).toBeUndefined();
      // Executed again: the KPI statement came from the statement cache, the response cache was not consulted.
      expect(delta(before, await lookups())).toEqual({ responseHits: 0, responseMisses: 0, statementHits: 1, statementMisses: 0 });

      // A bare { __typename } (a client's ping) is no KPI query: no lookup, not even a read of the data version.
      const ping = await api.countStatements(() => api.query('{ __typename }'));
      expect(ping.result.data).toEqual({ __typename: 'Query' });
      expect(ping.texts).toEqual([]);

      const inverted = `{ kpis(filter: { dateRange: { from: "2024-02-01", to: "2024-01-01" } }) { complaints } }`;
      const beforeErrors = await lookups();
      for (let i = 0; i < 2; i++) expect((await api.query(inverted)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(delta(beforeErrors, await lookups())).toMatchObject({ responseHits: 0, responseMisses: 2 });
    });
  });

  describe('job metrics', () => {
    it('count import runs and export jobs by outcome, with their durations', async () => {
      await importCsv(db.pool, csvText([['code', 'name_zh', 'name_en'], ['FAX', '传真', 'Fax']]), { kind: 'channels' });
      const directory = await mkdtemp(join(tmpdir(), 'clearline-ops-'));
      try {
        const analyst: Viewer = { id: 'ops-analyst', displayName: 'Analyst', roles: ['ANALYST'], orgUnitScope: ['/'] };
        const record = await requestComplaintsExtract({ db: dataSource, config: { ...exportConfigFromEnv(), directory } }, analyst, { filter: null, format: 'CSV', now: '2024-03-01T00:00:00Z' });
        await exportSettled(record.id); // the job's promise includes the metrics hook
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
      const text = await metricsRegistry.metrics();
      expect(text).toMatch(/^clearline_import_runs_total\{kind="channels",outcome="FINISHED"\} 1$/m);
      expect(text).toMatch(/^clearline_import_duration_seconds_count\{kind="channels"\} 1$/m);
      expect(text).toMatch(/^clearline_export_jobs_total\{report="ADHOC_COMPLAINTS",outcome="DONE"\} 1$/m);
      expect(text).toMatch(/^clearline_export_job_duration_seconds_count\{report="ADHOC_COMPLAINTS"\} 1$/m);
    });
  });
});
