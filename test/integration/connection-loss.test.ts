import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryAsViewer, viewerSession } from '../../server/auth/viewer-session.ts';
import { inTransaction } from '../../server/db/transaction.ts';
import { poolOf } from '../../server/db/sql.ts';
import { loadKpiFixture } from '../support/kpi-fixture.ts';
import { startTestApi, TEST_ADMIN, type TestApi } from '../support/test-api.ts';
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

  /** Terminates the backend running `marker` once it is running. */
  async function terminateWhileRunning(marker: string): Promise<void> {
    const running = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%${marker}%' AND pid <> pg_backend_pid()`;
    await vi.waitFor(async () => expect((await db.pool.query(running)).rowCount).toBe(1), { timeout: 5000, interval: 20 });
    await db.pool.query(`SELECT pg_terminate_backend(pid) FROM (${running}) running`);
  }

  // A client checked out of the pool has no 'error' listener of the pool's: pg
  // rejects the statement, then emits 'error' on the client, which would be an
  // uncaught exception (Vitest fails the run on one; a server would exit).
  it('fails a viewer statement whose connection is lost mid-flight, and stays up', async () => {
    const slow = queryAsViewer(poolOf(api.dataSource), viewerSession(TEST_ADMIN), { text: 'SELECT pg_sleep(10) AS viewer_marker', values: [] });
    const failed = expect(slow).rejects.toThrow(/terminat/i); // attached now: the rejection may come before the terminating statement returns
    await terminateWhileRunning('viewer_marker');
    await failed;
    expect((await api.query(TILES)).data!.kpis).toEqual([{ complaints: 6 }]);
  });

  it('fails a transaction whose connection is lost mid-flight, and stays up', async () => {
    const slow = inTransaction(poolOf(api.dataSource), (client) => client.query('SELECT pg_sleep(10) AS transaction_marker'));
    const failed = expect(slow).rejects.toThrow(/terminat/i); // attached now: the rejection may come before the terminating statement returns
    await terminateWhileRunning('transaction_marker');
    await failed;
    expect((await api.query(TILES)).data!.kpis).toEqual([{ complaints: 6 }]);
  });
});
