import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { ephemeralAuthConfig } from '../../server/auth/auth-config.ts';
import { memoryLimiterStore, redisLimiterStore } from '../../server/auth/rate-limiters.ts';
import { createDataSource } from '../../server/db/data-source.ts';
import express from 'express';
import { signAccessToken } from '../../server/auth/access-token.ts';
import type { Viewer } from '../../server/auth/viewer.ts';
import { selectRows, sql } from '../../server/db/sql.ts';
import { createApp } from '../../server/http/app.ts';
import { authenticatedRoute } from '../../server/http/authenticated-route.ts';
import { createGraphQLEndpoint, type GraphQLEndpoint } from '../../server/http/graphql-endpoint.ts';
import { startTestApi, TEST_ADMIN, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The HTTP layer's safety: security headers, CORS closed unless configured,
// no stack traces, and per-user rate limits (in memory, and shared in Redis).

const TEST_REDIS_URL = process.env.TEST_REDIS_URL;

describe('HTTP security', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let endpoint: GraphQLEndpoint;
  const servers: Server[] = [];

  const serve = async (corsOrigins: string[]) => {
    const app = createApp({ pool: db.pool, databaseDescription: 'test', graphql: endpoint.handler, corsOrigins });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource(db.url, { poolSize: 2 });
    await dataSource.initialize();
    endpoint = await createGraphQLEndpoint(dataSource, { development: false, log: () => {} });
  });
  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    await endpoint.stop();
    await dataSource.destroy();
    await db.drop();
  });

  it('sends security headers on every response', async () => {
    const url = await serve([]);
    for (const path of ['/healthz', '/graphql']) {
      const response = await fetch(`${url}${path}`, { method: path === '/graphql' ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, body: path === '/graphql' ? '{"query":"{ __typename }"}' : undefined });
      expect(response.headers.get('content-security-policy'), path).toMatch(/default-src 'self'/);
      expect(response.headers.get('content-security-policy'), path).not.toMatch(/upgrade-insecure-requests/);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(response.headers.get('strict-transport-security'), path).toMatch(/max-age=\d+/);
      expect(response.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('keeps CORS closed unless origins are configured, and then opens it only to them', async () => {
    const closed = await serve([]);
    const preflight = (url: string, origin: string) => fetch(`${url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const post = (url: string, origin: string) => fetch(`${url}/graphql`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect((await preflight(closed, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await post(closed, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();

    const open = await serve(['https://dashboard.example']);
    const allowed = await preflight(open, 'https://dashboard.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.example');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect((await post(open, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers malformed requests without a stack trace', async () => {
    const url = await serve([]);
    const badJson = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(badJson.status).toBe(400);
    const text = await badJson.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|stack/i);

    const syntax = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ complaints( }"}' });
    const body = (await syntax.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors[0]!.extensions.stacktrace).toBeUndefined();
  });

  it('authenticates routes outside GraphQL, checks the capability and reads as the viewer', async () => {
    const auth = ephemeralAuthConfig();
    const app = express();
    app.get('/export', authenticatedRoute({ auth, pool: db.pool }, 'export.adhoc', async (_req, res) => {
      const rows = await selectRows<{ n: number }>(dataSource, sql`SELECT count(*)::int AS n FROM dim_org_unit`);
      const who = await selectRows<{ who: string }>(dataSource, sql`SELECT current_user AS who`);
      res.json({ units: rows[0]!.n, who: who[0]!.who });
    }));
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/export`;
    const as = async (roles: Viewer['roles']) => `Bearer ${(await signAccessToken(auth, { id: 'r', displayName: 'R', roles, orgUnitScope: ['/'] })).token}`;
    expect((await fetch(url)).status).toBe(401);
    const refused = await fetch(url, { headers: { authorization: await as(['REGULATOR']) } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe('Not allowed: export.adhoc needs one of the roles ADMIN, MANAGER, ANALYST; you have REGULATOR.');
    const allowed = await fetch(url, { headers: { authorization: await as(['ANALYST']) } });
    expect(await allowed.json()).toEqual({ units: 0, who: 'clearline_viewer_whole_tree' }); // scope '/': the whole-tree viewer role (migration 0024)
  });

  describe('rate limits', () => {
    const QUERY = '{ orgUnits(level: PROVINCE) { code } }';
    const expectLimited = (result: Awaited<ReturnType<TestApi['query']>>, perMinute: number) => {
      expect(result.status).toBe(429);
      expect(result.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
      expect(result.errors![0]!.message).toMatch(new RegExp(`^Too many requests: at most ${perMinute} per minute for each user\\. Try again in \\d+ s\\.$`));
      expect(Number(result.headers!.get('retry-after'))).toBeGreaterThan(0);
    };

    it('refuses a user’s requests beyond the limit, saying when to retry, without affecting other users', async () => {
      const api = await startTestApi(db.url, { poolSize: 1, security: { requestsPerMinute: 3, limiterStore: memoryLimiterStore(`mem${Date.now()}`) } });
      try {
        for (let i = 0; i < 3; i++) expect((await api.query(QUERY)).status).toBe(200);
        expectLimited(await api.query(QUERY), 3);
        const other = { ...TEST_ADMIN, id: 'another-user' };
        expect((await api.query(QUERY, {}, { viewer: other })).status).toBe(200);
      } finally {
        await api.close();
      }
    });

    // TEST_REDIS_URL (set by .ci/run), not REDIS_URL: other suites' servers must keep their limits in memory.
    describe.runIf(TEST_REDIS_URL)('in Redis (TEST_REDIS_URL)', () => {
      it('shares one limit between server processes', async () => {
        const prefix = `clearline-test-${process.pid}-${Date.now()}`;
        const auth = ephemeralAuthConfig();
        const first = await startTestApi(db.url, { poolSize: 1, security: { auth, requestsPerMinute: 4, limiterStore: redisLimiterStore(TEST_REDIS_URL!, prefix) } });
        const second = await startTestApi(db.url, { poolSize: 1, security: { auth, requestsPerMinute: 4, limiterStore: redisLimiterStore(TEST_REDIS_URL!, prefix) } });
        try {
          for (const api of [first, second, first, second]) expect((await api.query(QUERY)).status).toBe(200);
          expectLimited(await second.query(QUERY), 4);
          expectLimited(await first.query(QUERY), 4);
        } finally {
          await first.close();
          await second.close();
        }
      });
    });
  });
});
