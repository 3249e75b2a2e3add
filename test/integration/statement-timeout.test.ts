import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROLE_LIMITS } from '../../server/auth/role-limits.ts';
import type { Viewer } from '../../server/auth/viewer.ts';
import { loadKpiFixture } from '../support/kpi-fixture.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// A statement over its role's timeout is cancelled by Postgres itself
// (statement_timeout in the viewer's transaction), not merely given up on by
// the server while the backend keeps working. The statement is made slow
// without timing: another session holds an ACCESS EXCLUSIVE lock on
// fact_complaint, so the request's read waits for it. A client-side timeout
// would leave that backend waiting on the lock; Postgres' cancel leaves no
// waiter behind while the lock is still held.

const ANALYST: Viewer = { id: 'timeout-analyst', displayName: 'Timeout test', roles: ['ANALYST'], orgUnitScope: ['/'] };
const COUNT = `{ complaints(first: 1) { totalCount } }`;

describe('a statement over its timeout', () => {
  let db: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadKpiFixture(db);
    const roleLimits = { statementTimeoutMs: { ...DEFAULT_ROLE_LIMITS.statementTimeoutMs, ANALYST: 300 } };
    api = await startTestApi(db.url, { poolSize: 2, kpiCacheEntries: 0, viewer: ANALYST, security: { roleLimits } });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const backends = async () => (await db.pool.query<{ state: string; wait_event_type: string | null; query: string }>(
    `SELECT state, wait_event_type, query FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'clearline'`,
  )).rows;

  it('is cancelled in Postgres: the client gets QUERY_TOO_COMPLEX and no backend still runs or waits', async () => {
    const total = (await api.query<{ complaints: { totalCount: number } }>(COUNT)).data!.complaints.totalCount;
    expect(total).toBe(8); // the fixture's complaints (test/support/kpi-fixture.ts)

    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE fact_complaint IN ACCESS EXCLUSIVE MODE');

      const answer = await api.query(COUNT);
      // Execution had started: a field error in a 200 answer (GraphQL over HTTP), its code saying why.
      expect(answer.status).toBe(200);
      expect(answer.data).toBeNull();
      expect(answer.errors!.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(answer.errors![0]!.message).toBe(
        'The query ran longer than the 0.3 s allowed for your role (ANALYST) and was cancelled: narrow the date range or filters, or group by fewer dimensions.',
      );

      // The lock is still held, yet nobody waits for it any more: Postgres ended the statement.
      const waiting = await db.pool.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'fact_complaint'::regclass`);
      expect(waiting.rows[0].n).toBe(0);
      const active = (await backends()).filter((b) => b.state !== 'idle');
      expect(active).toEqual([]);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    // The cancelled statement's connection went back to the pool usable.
    expect((await api.query<{ complaints: { totalCount: number } }>(COUNT)).data!.complaints.totalCount).toBe(8);
  });
});
