import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { withDatabase } from '../server/db/database-url.ts';
import { createPool } from '../server/db/database.ts';
import { startEmbeddedPostgres } from '../server/db/embedded-postgres.ts';
import { migrate } from '../server/db/migrate.ts';
import { hasComplaintData, loadDemoData } from '../seeds/demo-loader.ts';
import type { DemoOptions } from '../seeds/demo-generator.ts';

/** About 1M complaints with 1.5M customers and 1.2M surveys (see bench:seed). */
export const ONE_MILLION: DemoOptions = { seed: 1, customers: 1_500_000, months: 24, until: '2026-11-01', complaintsPer10k: 262 };

export type BenchDatabase = { url: string; dispose(): Promise<void> };

/**
 * A database holding the benchmark's demo data: BENCH_DATABASE_URL when set
 * (seeded on first use and kept, so reruns skip the load), else a database
 * on DATABASE_URL's server or a throwaway embedded Postgres, dropped after.
 */
export async function benchDatabase(name: string, options: DemoOptions, log: (line: string) => void): Promise<BenchDatabase> {
  let url: string;
  let dispose = async () => {};
  if (process.env.BENCH_DATABASE_URL) {
    url = process.env.BENCH_DATABASE_URL;
  } else if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = withDatabase(process.env.DATABASE_URL, name);
    dispose = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const embedded = await startEmbeddedPostgres({ clusterDir: path.join(os.tmpdir(), `clearline-${name}-${process.pid}`, 'pg'), database: name, throwaway: true });
    url = embedded.url;
    dispose = () => embedded.stop();
  }
  await migrate(url);
  const pool = createPool(url, { max: 2 });
  try {
    if (!(await hasComplaintData(pool))) {
      log(`Loading ${options.customers.toLocaleString('en-US')} customers of demo data (about a minute)…`);
      await loadDemoData(pool, { ...options, timeZone: 'Asia/Shanghai' });
    }
  } finally {
    await pool.end();
  }
  return { url, dispose };
}

/** p-th percentile (0–100) of samples, nearest rank. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
