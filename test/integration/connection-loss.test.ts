import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKpiFixture } from '../support/kpi-fixture.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The database drops every connection (a failover, a restart, an
// administrator's pg_terminate_backend): the server stays up and the next
// requests get fresh connections. (Stopping the shared Postgres itself is not
// done here: other suites use it.)

describe('losing the database connections', () => {
  let db: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadKpiFixture(db);
    api = await startTestApi(db.url, { poolSize: 3, kpiCacheEntries: 0 });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const TILES = `{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }) { complaints } }`;

  it('answers again once Postgres has terminated every connection of the pool', async () => {
    expect((await api.query(TILES)).data!.kpis).toEqual([{ complaints: 6 }]);
    const { rows } = await db.pool.query(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'clearline' AND pid <> pg_backend_pid()`,
    );
    expect(rows[0].n).toBeGreaterThan(0);
    // Idle connections that died are dropped by the pool; at most the first request may meet one mid-flight.
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await api.query(TILES));
    expect(answers.at(-1)!.data!.kpis).toEqual([{ complaints: 6 }]);
    expect(answers.filter((a) => a.errors).length).toBeLessThanOrEqual(1);
  });
});
