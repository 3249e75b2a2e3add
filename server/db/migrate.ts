import path from 'node:path';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { syncCalendar } from '../calendar/calendar.sync.ts';
import { PROJECT_ROOT } from '../config.ts';

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'schema', 'migrations');
export const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * Migrations that rewrite a table, and the tables to vacuum once they are
 * applied (VACUUM cannot run inside the migrations' transaction). A rewritten
 * table has an empty visibility map until vacuumed, so every index-only scan
 * on it fetches each row from the heap: the KPI percentiles' scans (0022)
 * took about twice as long.
 */
const VACUUM_AFTER: Record<string, string[]> = {
  '0022_resolution_hours_column': ['fact_complaint'],
};

export type MigrationReport = { applied: string[]; calendarDaysChanged: number };

/**
 * Applies the plain-SQL migrations in schema/migrations in order, each once
 * (recorded in schema_migrations, under an advisory lock so that concurrent
 * servers do not race: the others wait for the first, then find nothing to
 * apply), then brings dim_date up to date.
 */
export async function migrate(url: string, log: (line: string) => void = () => {}): Promise<MigrationReport> {
  const ran = await runner({
    databaseUrl: url,
    dir: MIGRATIONS_DIR,
    migrationsTable: MIGRATIONS_TABLE,
    direction: 'up',
    checkOrder: true,
    singleTransaction: true,
    // Several processes starting together on a new release: wait for the lock, do not fail.
    advisoryLockMode: 'wait',
    logger: { debug: () => {}, info: () => {}, warn: log, error: log },
  });
  const applied = ran.map((m) => m.name);
  for (const name of applied) log(`Applied migration ${name}`);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // pool.end() resolves before its connection has closed; if the server ends
  // it meanwhile (the database dropped right after, a restart), the pool
  // reports an 'error' that nobody is left to handle. Nothing is lost then.
  pool.on('error', () => {});
  try {
    for (const table of new Set(applied.flatMap((name) => VACUUM_AFTER[name] ?? []))) {
      log(`Vacuuming ${table} after its rewrite`);
      await pool.query(`VACUUM (ANALYZE) ${table}`);
    }
    return { applied, calendarDaysChanged: await syncCalendar(pool) };
  } finally {
    await pool.end();
  }
}
