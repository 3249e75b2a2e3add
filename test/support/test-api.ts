import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../server/db/data-source.ts';
import { createGraphQLEndpoint } from '../../server/http/graphql-endpoint.ts';

export type GraphQLResponse<T = Record<string, any>> = {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string; stacktrace?: string[]; cost?: number } }[];
};

export type TestApi = {
  url: string;
  dataSource: DataSource;
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Runs `work` and returns how many SQL statements reached the pg driver meanwhile. */
  countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: number; texts: string[] }>;
  close(): Promise<void>;
};

/** The GraphQL endpoint over HTTP on a free port, against a test database (benchmarks use it too). */
export async function startTestApi(databaseUrl: string, options: { poolSize?: number } = {}): Promise<TestApi> {
  const dataSource = createDataSource(databaseUrl, { poolSize: options.poolSize ?? 4 });
  await dataSource.initialize();
  const endpoint = await createGraphQLEndpoint(dataSource, { development: false, log: () => {} });
  const app = express();
  app.use('/graphql', endpoint.handler);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  return {
    url,
    dataSource,
    async query(query, variables) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async countStatements(work) {
      // Counted at the driver: every statement any part of the stack sends.
      const original = pg.Client.prototype.query;
      const texts: string[] = [];
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        const first = args[0] as string | { text?: string };
        texts.push(typeof first === 'string' ? first : first?.text ?? '');
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof original;
      try {
        const result = await work();
        return { result, statements: texts.length, texts };
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
