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
 * A throwaway database: on DATABASE_URL's server when set (created, then
 * dropped by dispose), else in a throwaway embedded Postgres.
 */
export async function throwawayDatabase(name: string): Promise<BenchDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const embedded = await startEmbeddedPostgres({ clusterDir: path.join(os.tmpdir(), `clearline-${name}-${process.pid}`, 'pg'), database: name, throwaway: true });
    return { url: embedded.url, dispose: () => embedded.stop() };
  }
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  return { url: withDatabase(adminUrl, name), dispose: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A database holding the benchmark's demo data: BENCH_DATABASE_URL when set
 * (seeded on first use and kept, so reruns skip the load), else a throwaway
 * one (see throwawayDatabase).
 */
export async function benchDatabase(name: string, options: DemoOptions, log: (line: string) => void): Promise<BenchDatabase> {
  const database: BenchDatabase = process.env.BENCH_DATABASE_URL
    ? { url: process.env.BENCH_DATABASE_URL, dispose: async () => {} }
    : await throwawayDatabase(name);
  await migrate(database.url);
  const pool = createPool(database.url, { max: 2 });
  try {
    if (!(await hasComplaintData(pool))) {
      log(`Loading ${options.customers.toLocaleString('en-US')} customers of demo data (about a minute)…`);
      await loadDemoData(pool, { ...options, timeZone: 'Asia/Shanghai' });
    }
  } finally {
    await pool.end();
  }
  return database;
}

/** p-th percentile (0–100) of samples, nearest rank. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Runs the ways in turn, untimed, until `seconds` have passed (at least
 * `minRounds`, at most `maxRounds` rounds), and returns the rounds run. A
 * server process answers its first couple of hundred requests slower while
 * V8 is still compiling its hot paths and Postgres's backends are new to
 * its statements (session 12, the ~1M overview, medians: the whole answer
 * 11.6 ms over the first 50 requests, 9.2–9.5 ms from the 200th; the
 * server's own work before the first statement and after the last answer
 * 2.2 ms, then 1.65 ms): timing from the start would measure the
 * start-up, not the steady state users meet. A time budget
 * rather than a count, so a fast question warms for many rounds and a
 * slow one (seconds per answer) for few.
 */
export async function warmUp(ways: readonly (() => Promise<unknown>)[], { seconds, minRounds, maxRounds }: { seconds: number; minRounds: number; maxRounds: number }): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let rounds = 0;
  while (rounds < minRounds || (rounds < maxRounds && performance.now() < until)) {
    for (const way of ways) await way();
    rounds++;
  }
  return rounds;
}

/**
 * Times each way `rounds` times, all ways once per round, one after the
 * other. Each round starts with the next way (round i with way i mod n), so
 * no way always runs right after the same other one (and after whatever
 * that one leaves behind: garbage to collect, a busy Postgres backend).
 * Returns each way's samples (ms), in the ways' order.
 */
export async function timedInTurn(ways: readonly (() => Promise<unknown>)[], rounds: number): Promise<number[][]> {
  const samples = ways.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < ways.length; k++) {
      const i = (round + k) % ways.length;
      const started = performance.now();
      await ways[i]!();
      samples[i]!.push(performance.now() - started);
    }
  }
  return samples;
}
