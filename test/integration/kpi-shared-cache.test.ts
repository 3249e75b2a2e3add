import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisKpiStore } from '../../server/metrics/kpi-shared-cache.ts';
import { refreshRollups } from '../../server/rollups/rollup-refresh.ts';
import { loadKpiFixture } from '../support/kpi-fixture.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The KPI cache's second level (server/metrics/kpi-shared-cache.ts): two
// endpoints on one database stand for two server processes; an answer one
// computed is served by the other without a KPI statement, a load moves both,
// and a Redis that does not answer fails no request.

const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
// January and February 2024 of the fixture: 6 assessed complaints.
const TILES = `{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }) { complaints } }`;
const kpiStatements = (texts: string[]) => texts.filter((t) => /rollup_|fact_/.test(t) && !t.includes('data_version'));

describe('the KPI cache shared between processes', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadKpiFixture(db);
  });
  afterAll(() => db?.drop());

  describe.runIf(TEST_REDIS_URL)('in Redis (TEST_REDIS_URL)', () => {
    const prefix = `clearline-test-kpi-${process.pid}-${Date.now()}`;
    const store = () => redisKpiStore(TEST_REDIS_URL!, { keyPrefix: prefix, ttlSeconds: 60, maxEntryBytes: 64 * 1024, log: () => {} });
    let a: TestApi;
    let b: TestApi;
    beforeAll(async () => {
      a = await startTestApi(db.url, { poolSize: 2, kpiCacheEntries: 100, kpiCacheShared: store() });
      b = await startTestApi(db.url, { poolSize: 2, kpiCacheEntries: 100, kpiCacheShared: store() });
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      const redis = new Redis(TEST_REDIS_URL!);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    });

    it('serves in one process the answer another computed, keyed on version, scope and statement, with a TTL', async () => {
      const computed = await a.countStatements(() => a.query(TILES));
      expect(computed.result.data!.kpis).toEqual([{ complaints: 6 }]);
      expect(kpiStatements(computed.texts)).toHaveLength(1);
      // The entry is written without delaying the answer: wait for it.
      const redis = new Redis(TEST_REDIS_URL!);
      try {
        await expect.poll(async () => (await redis.keys(`${prefix}:kpi:*`)).length).toBe(1);
        const [key] = await redis.keys(`${prefix}:kpi:*`);
        const ttl = await redis.ttl(key!);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(60);
      } finally {
        redis.disconnect();
      }
      const served = await b.countStatements(() => b.query(TILES));
      expect(served.result.data).toEqual(computed.result.data);
      // Its first request loads reference data (org units, channels, categories); no KPI statement.
      expect(kpiStatements(served.texts)).toHaveLength(0);
      expect(served.texts).toContain('SELECT version::text AS version FROM data_version');

      // Another scope is another key: a city manager's answer is computed, not served from the whole tree's.
      const city2 = { id: 'm-city-2', displayName: 'Manager, city 2', roles: ['MANAGER' as const], orgUnitScope: ['/1/3/'] };
      const scoped = await b.countStatements(() => b.query(TILES, undefined, { viewer: city2 }));
      expect(scoped.result.data!.kpis).toEqual([{ complaints: 1 }]);
      expect(kpiStatements(scoped.texts)).toHaveLength(1);
    });

    it('answers anew in both processes after a load', async () => {
      expect((await a.query(TILES)).data!.kpis).toEqual([{ complaints: 6 }]);
      expect((await b.query(TILES)).data!.kpis).toEqual([{ complaints: 6 }]);
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`INSERT INTO fact_complaint (complaint_id, source_system, source_id, customer_id, customer_segment, category_id, channel_id, org_unit_id,
            received_date, received_at, status, sla_due_at) VALUES (91, 'TEST', '91', 2, 'COMMERCIAL', 5, 1, 6, '2024-02-12', '2024-02-12T10:00+08', 'ASSIGNED', '2024-02-15T10:00+08')`);
        await refreshRollups(client, { days: ['2024-02-12'] });
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      const first = await b.countStatements(() => b.query(TILES));
      expect(first.result.data!.kpis).toEqual([{ complaints: 7 }]);
      expect(kpiStatements(first.texts)).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the shared entry is written after the answer
      const second = await a.countStatements(() => a.query(TILES));
      expect(second.result.data!.kpis).toEqual([{ complaints: 7 }]);
      expect(kpiStatements(second.texts)).toHaveLength(0);
    });
  });

  it('answers every request while Redis does not answer, and says so once', async () => {
    const lines: string[] = [];
    // Nothing listens on port 1: every command fails at once.
    const api = await startTestApi(db.url, { poolSize: 2, kpiCacheEntries: 100, kpiCacheShared: redisKpiStore('redis://127.0.0.1:1', { keyPrefix: 'clearline-test-down', ttlSeconds: 60, maxEntryBytes: 1024, log: (line) => lines.push(line) }) });
    try {
      const query = `{ kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-01-31" } }, groupBy: [CHANNEL]) { key { channel { code } } complaints } }`;
      const first = await api.query(query);
      expect(first.errors).toBeUndefined();
      expect(first.status).toBe(200);
      // The process's own level still serves the repeat.
      const again = await api.countStatements(() => api.query(query));
      expect(again.result.data).toEqual(first.data);
      expect(kpiStatements(again.texts)).toHaveLength(0);
      const other = await api.query(TILES);
      expect(other.errors).toBeUndefined();
      expect(lines.filter((line) => line.startsWith('KPI cache: Redis does not answer'))).toHaveLength(1);
    } finally {
      await api.close();
    }
  });
});
