import path from 'node:path';
import pg from 'pg';
import type { AppConfig } from '../config.ts';
import { describeConnectionFailure } from './connection-errors.ts';
import { CONNECT_TIMEOUT_MS } from './database-unavailable.ts';
import { parseDatabaseUrl } from './database-url.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.ts';

export type DatabaseHandle = {
  url: string;
  /** Where the data lives, for logs and /healthz: "embedded" or the server. */
  description: string;
  embedded: EmbeddedDatabase | undefined;
  close(): Promise<void>;
};

export const EMBEDDED_DATABASE_NAME = 'clearline';

/** DATABASE_URL when set, else the embedded Postgres under the data directory. */
export async function openDatabase(config: AppConfig, log: (line: string) => void): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const target = parseDatabaseUrl(config.databaseUrl);
    await checkReachable(config.databaseUrl);
    return {
      url: config.databaseUrl,
      description: `${target.host}:${target.port}/${target.database}`,
      embedded: undefined,
      close: async () => {},
    };
  }
  const embedded = await startEmbeddedPostgres({
    clusterDir: path.join(config.dataDir, 'pg'),
    database: EMBEDDED_DATABASE_NAME,
    log,
  });
  return {
    url: embedded.url,
    description: `embedded (${path.join(config.dataDir, 'pg')}, port ${embedded.port})`,
    embedded,
    close: () => embedded.stop(),
  };
}

export async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw describeConnectionFailure(url, error);
  } finally {
    await client.end().catch(() => {});
  }
}

export function createPool(url: string, options: { max?: number; applicationName?: string } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: options.applicationName ?? 'clearline',
    // As in the TypeORM pool: JIT compilation costs more than it saves here.
    options: '-c jit=off',
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  return pool;
}
