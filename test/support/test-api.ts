import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { signAccessToken } from '../../server/auth/access-token.ts';
import { ephemeralAuthConfig } from '../../server/auth/auth-config.ts';
import { isViewerTransactionWrapping } from '../../server/auth/viewer-session.ts';
import { DEVELOPMENT_VIEWER, type Viewer } from '../../server/auth/viewer.ts';
import { createDataSource } from '../../server/db/data-source.ts';
import { createGraphQLEndpoint, type EndpointSecurity, type GraphQLEndpoint } from '../../server/http/graphql-endpoint.ts';
import type { SharedKpiStore } from '../../server/metrics/kpi-shared-cache.ts';

/** Per call: act as this viewer, send this raw token (or none with null), or extra headers. */
export type QueryOptions = { viewer?: Viewer; token?: string | null; headers?: Record<string, string> };

export type GraphQLResponse<T = Record<string, any>> = {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string; stacktrace?: string[]; cost?: number; retryAfterSeconds?: number } }[];
  headers?: Headers;
};

export type TestApi = {
  url: string;
  dataSource: DataSource;
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: QueryOptions): Promise<GraphQLResponse<T>>;
  /** A signed access token for the viewer, as signIn would issue (the user need not exist). */
  tokenFor(viewer: Viewer): Promise<string>;
  /**
   * Runs `work` and returns how many SQL statements reached the pg driver
   * meanwhile (the viewer transaction around each is not counted), and in
   * how many round trips (statements sent together count once).
   */
  countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: number; roundTrips: number; texts: string[] }>;
  /** An operation run in process as the viewer (the Overview warmer's way in). */
  runOperation: GraphQLEndpoint['runOperation'];
  close(): Promise<void>;
};


/**
 * The GraphQL endpoint over HTTP on a free port, against a test database
 * (benchmarks use it too). Requests carry an access token for `viewer`
 * (default: an administrator over the whole tree), or per call another one.
 */
export async function startTestApi(
  databaseUrl: string,
  options: { poolSize?: number; viewer?: Viewer; development?: boolean; graphiql?: boolean; security?: Partial<EndpointSecurity>; kpiCacheEntries?: number; kpiCacheShared?: SharedKpiStore } = {},
): Promise<TestApi> {
  const dataSource = createDataSource(databaseUrl, { poolSize: options.poolSize ?? 4 });
  await dataSource.initialize();
  const auth = options.security?.auth ?? ephemeralAuthConfig({ development: options.development ?? false });
  const endpoint = await createGraphQLEndpoint(dataSource, { development: options.development ?? false, graphiql: options.graphiql, log: () => {}, security: { ...options.security, auth }, kpiCacheEntries: options.kpiCacheEntries, kpiCacheShared: options.kpiCacheShared });
  const tokenFor = async (viewer: Viewer) => (await signAccessToken(auth, viewer)).token;
  const defaultToken = await tokenFor(options.viewer ?? TEST_ADMIN);
  const app = express();
  app.use('/graphql', endpoint.handler);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  return {
    url,
    dataSource,
    tokenFor,
    runOperation: endpoint.runOperation,
    async query(query, variables, callOptions = {}) {
      const token = callOptions.viewer ? await tokenFor(callOptions.viewer) : callOptions.token === undefined ? defaultToken : callOptions.token;
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...callOptions.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const result = { status: response.status, ...((await response.json()) as object) };
      // Not enumerable: tests comparing whole results with toEqual are unaffected.
      return Object.defineProperty(result, 'headers', { value: response.headers, enumerable: false });
    },
    async countStatements(work) {
      // Counted at the driver: every statement any part of the stack sends.
      const original = pg.Client.prototype.query;
      const texts: string[] = [];
      let roundTrips = 0;
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        const first = args[0] as string | { text?: string; statementTexts?: string[] };
        // Statements sent together in one round trip (a ViewerStatement) each count.
        const sent = typeof first === 'string' ? [first] : first?.statementTexts ?? [first?.text ?? ''];
        // The viewer transaction around each statement is plumbing, not the query's own work.
        const own = sent.filter((text) => !isViewerTransactionWrapping(text));
        texts.push(...own);
        if (own.length > 0) roundTrips++;
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof original;
      try {
        const result = await work();
        return { result, statements: texts.length, roundTrips, texts };
      } finally {
        pg.Client.prototype.query = original;
      }
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await endpoint.stop();
      await dataSource.destroy();
    },
  };
}

/** The default test viewer: an administrator over the whole tree (what tests saw before sign-in existed). */
export const TEST_ADMIN: Viewer = { ...DEVELOPMENT_VIEWER, id: 'test-admin', username: 'test-admin', displayName: 'Test administrator' };
