import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../server/auth/access-token.ts';
import { loadAuthConfig } from '../../server/auth/auth-config.ts';
import type { Viewer } from '../../server/auth/viewer.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import { ensureDashboardBuilt } from '../../server/http/dashboard-static.ts';
import { ensureGraphiqlBuilt } from '../../server/http/graphiql.ts';
import { refreshRollups } from '../../server/rollups/rollup-refresh.ts';
import { ROLLUP_LOCK } from '../../server/rollups/rollup-refresh.ts';
import { toGlobalId } from '../../server/graphql/relay/global-id.ts';
import { localToday } from '../../seeds/seed-options.ts';
import { loadKpiFixture } from '../support/kpi-fixture.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Two real server processes (server/main.ts under tsx, as `npm start` runs it)
// on one database and, with TEST_REDIS_URL, one Redis: what one process does
// is seen by the other, and what must happen once happens once — rate limits,
// the KPI cache, rollup refreshes, scheduled exports and resumed jobs.

const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
const SECRET = 'several-processes-secret-0123456789-0123456789';
// Per user per minute: the administrator of the other steps stays well under it.
const RATE_LIMIT = 40;
const TILES = `query Tiles { kpis(filter: { dateRange: { from: "2024-01-01", to: "2024-02-29" } }) { complaints } }`;

type LogLine = Record<string, unknown> & { msg?: string };

type ServerProcess = {
  name: string;
  url: string;
  lines: LogLine[];
  child: ChildProcess;
  post(query: string, options?: { token?: string; requestId?: string; variables?: Record<string, unknown> }): Promise<{ status: number; body: { data?: any; errors?: { extensions?: { code?: string } }[] } }>;
  /** The request log line of a request id (written when the response closes). */
  requestLine(requestId: string): Promise<LogLine>;
  metric(name: string): Promise<number>;
};

function startProcess(name: string, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const stderr: string[] = [];
  let buffered = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${stderr.join('')}${JSON.stringify(lines)}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${stderr.join('')}${JSON.stringify(lines)}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const complete = buffered.split('\n');
      buffered = complete.pop()!;
      for (const text of complete) {
        if (!text.trim()) continue;
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        const ready = /Clearline is ready at http:\/\/localhost:(\d+)/.exec(line.msg ?? '');
        if (ready) {
          clearTimeout(timer);
          const url = `http://127.0.0.1:${ready[1]}`;
          resolve({
            name, url, lines, child,
            async post(query, options = {}) {
              const response = await fetch(`${url}/graphql`, {
                method: 'POST',
                headers: {
                  'content-type': 'application/json',
                  ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
                  ...(options.requestId ? { 'x-request-id': options.requestId } : {}),
                },
                body: JSON.stringify({ query, variables: options.variables }),
              });
              return { status: response.status, body: await response.json() as never };
            },
            async requestLine(requestId) {
              await expect.poll(() => lines.some((l) => l.msg === 'request' && l.requestId === requestId)).toBe(true);
              return lines.find((l) => l.msg === 'request' && l.requestId === requestId)!;
            },
            async metric(metric) {
              const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${SECRET}` } })).text();
              const escaped = metric.replace(/[{}"=]/g, (c) => `\\${c}`);
              const match = new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text);
              return match ? Number(match[1]) : 0;
            },
          });
        }
      }
    });
  });
}

async function stopProcess(server: ServerProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

/** The month before today's in the utility's time zone: the latest period a monthly schedule has due. */
function previousMonth(): string {
  const [year, month] = localToday('Asia/Shanghai').split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

describe('two server processes on one database', () => {
  let db: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let exportDir: string;
  let deliveryDir: string;
  const redisPrefix = `clearline-test-multi-${randomBytes(4).toString('hex')}`;
  const tokens: Record<string, string> = {};
  const ADMIN: Viewer = { id: 'multi-admin', displayName: 'Administrator', roles: ['ADMIN'], orgUnitScope: ['/'] };
  const ANALYST: Viewer = { id: 'multi-analyst', displayName: 'Analyst', roles: ['ANALYST'], orgUnitScope: ['/'] };
  const LIMITED: Viewer = { id: 'multi-limited', displayName: 'Analyst (rate limit)', roles: ['ANALYST'], orgUnitScope: ['/'] };

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadKpiFixture(db);
    exportDir = await mkdtemp(join(tmpdir(), 'clearline-multi-exports-'));
    deliveryDir = await mkdtemp(join(tmpdir(), 'clearline-multi-deliveries-'));
    // Built once here, not by both processes at once.
    await ensureGraphiqlBuilt(() => {});
    await ensureDashboardBuilt(() => {});
    // A job a stopped process left RUNNING, its claim run out: one of the two must finish it, once.
    await db.pool.query(
      `INSERT INTO export_job (report, parameters, org_unit_id, requested_by, requested_roles, requested_scope, status, started_at, claimed_by, lease_until)
       VALUES ('REGULATOR_MONTHLY', '{"period":"MONTHLY","orgUnitId":1,"label":"2024-01","formats":["CSV"]}', 1, 'multi-admin', '{ADMIN}', '{/}', 'RUNNING', now() - interval '5 minutes', 'gone:1:abc', now() - interval '1 minute')`,
    );
    const env = {
      DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', CLEARLINE_JWT_SECRET: SECRET, CLEARLINE_METRICS_TOKEN: SECRET,
      CLEARLINE_SEED_DEMO: 'false', CLEARLINE_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), CLEARLINE_SCHEDULER_INTERVAL_S: '1', CLEARLINE_EXPORT_LEASE_S: '6',
      CLEARLINE_EXPORT_DIR: exportDir, CLEARLINE_EXPORT_DELIVERY_DIR: deliveryDir, CLEARLINE_REDIS_PREFIX: redisPrefix,
      ...(TEST_REDIS_URL ? { REDIS_URL: TEST_REDIS_URL } : {}),
    };
    [a, b] = await Promise.all([startProcess('A', env), startProcess('B', env)]);
    const auth = loadAuthConfig({ jwtSecret: SECRET, production: true, development: false }, () => {});
    for (const viewer of [ADMIN, ANALYST, LIMITED]) tokens[viewer.id] = (await signAccessToken(auth, viewer)).token;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stopProcess(a), stopProcess(b)]);
    if (TEST_REDIS_URL) {
      const redis = new Redis(TEST_REDIS_URL);
      const keys = await redis.keys(`${redisPrefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    await rm(exportDir, { recursive: true, force: true });
    await rm(deliveryDir, { recursive: true, force: true });
    await db?.drop();
  });

  it.runIf(TEST_REDIS_URL)('counts one rate limit across both: requests split between them hit the per-user limit at the same total', async () => {
    const token = tokens[LIMITED.id]!;
    // All at once, half to each: the shared counter admits exactly the limit, whichever process each lands on.
    const statuses = await Promise.all(Array.from({ length: RATE_LIMIT + 4 }, (_, i) => (i % 2 ? b : a).post('{ me { id } }', { token }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(RATE_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    for (const server of [a, b]) {
      const refused = await server.post('{ me { id } }', { token });
      expect(refused.status).toBe(429);
      expect(refused.body.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
    }
  });

  it.runIf(TEST_REDIS_URL)('serves in B the KPI answer A computed: one statement fewer than A, the KPI statement', async () => {
    const token = tokens[ADMIN.id]!;
    const first = await a.post(TILES, { token, requestId: 'multi-tiles-a-1' });
    expect(first.body.data.kpis).toEqual([{ complaints: 6 }]);
    const computed = await a.requestLine('multi-tiles-a-1');
    expect(computed.kpiCacheHits).toBeUndefined();
    expect(computed.statements).toBeGreaterThanOrEqual(2); // the version and the KPI statement
    // A writes the shared entry just after answering: wait until it is in Redis.
    const redis = new Redis(TEST_REDIS_URL!);
    try {
      await expect.poll(async () => (await redis.keys(`${redisPrefix}:kpi:*`)).length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
    // B never ran this query: its answer comes from Redis. Both processes' first request also loads the
    // reference data (org units, channels, categories); B sends exactly one statement fewer: the KPI statement.
    // Counted around the request: B's scheduler may meanwhile resume the left-behind job (a return computes KPIs).
    const lookups = async () => ({ remote: await b.metric('clearline_kpi_cache_lookups_total{result="remote"}'), miss: await b.metric('clearline_kpi_cache_lookups_total{result="miss"}') });
    const before = await lookups();
    const served = await b.post(TILES, { token, requestId: 'multi-tiles-b-1' });
    expect(served.body.data.kpis).toEqual([{ complaints: 6 }]);
    expect(await b.requestLine('multi-tiles-b-1')).toMatchObject({ statements: (computed.statements as number) - 1, kpiCacheHits: 1 });
    const after = await lookups();
    expect(after.remote - before.remote).toBe(1);
    expect(after.miss - before.miss).toBe(0);
  });

  it('gives the new answer in both processes after a load', async () => {
    const token = tokens[ADMIN.id]!;
    for (const server of [a, b]) expect((await server.post(TILES, { token })).body.data.kpis).toEqual([{ complaints: 6 }]);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO fact_complaint (complaint_id, source_system, source_id, customer_id, customer_segment, category_id, channel_id, org_unit_id,
          received_date, received_at, status, sla_due_at) VALUES (92, 'TEST', '92', 2, 'COMMERCIAL', 5, 1, 6, '2024-02-12', '2024-02-12T10:00+08', 'ASSIGNED', '2024-02-15T10:00+08')`);
      await refreshRollups(client, { days: ['2024-02-12'] });
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const first = await b.post(TILES, { token, requestId: 'multi-after-load-b' });
    expect(first.body.data.kpis).toEqual([{ complaints: 7 }]);
    expect((await b.requestLine('multi-after-load-b')).kpiCacheHits).toBeUndefined(); // computed anew
    expect((await a.post(TILES, { token })).body.data.kpis).toEqual([{ complaints: 7 }]);
  });

  it('runs rollup refreshes asked of both at once one at a time, and the second not at all: the first covered it', async () => {
    const token = tokens[ADMIN.id]!;
    const mutation = 'mutation { refreshRollups { id refreshed coveredBy } }';
    // Hold the refresh lock, so that both requests are waiting for it when it is released.
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [ROLLUP_LOCK]);
      const answers = Promise.all([a.post(mutation, { token }), b.post(mutation, { token })]);
      await expect.poll(async () => (await db.pool.query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()`)).rows[0].n, { timeout: 20_000 }).toBe(2);
      await holder.query('COMMIT');
      const results = (await answers).map((r) => r.body.data.refreshRollups);
      const refreshed = results.filter((r) => r.refreshed);
      const covered = results.filter((r) => !r.refreshed);
      expect(refreshed).toHaveLength(1);
      expect(covered).toEqual([{ id: expect.any(String), refreshed: false, coveredBy: refreshed[0].id }]);
    } finally {
      holder.release();
    }
    const { rows } = await db.pool.query(`SELECT outcome, process, started_at, finished_at FROM rollup_refresh_log ORDER BY refresh_id`);
    expect(rows.map((r) => r.outcome)).toEqual(['REFRESHED', 'COVERED']);
    expect(rows[0].process).not.toBe(rows[1].process); // one in each process
    expect(rows[1].started_at.getTime()).toBeGreaterThanOrEqual(rows[0].finished_at.getTime()); // one at a time
    // The refresh moved the data version: the next answer is computed, and unchanged.
    expect((await a.post(TILES, { token })).body.data.kpis).toEqual([{ complaints: 7 }]);
  });

  it('resumes the job a stopped process left, in one process only', async () => {
    await expect.poll(async () => (await db.pool.query(`SELECT status FROM export_job WHERE requested_by = 'multi-admin' AND claimed_by IS DISTINCT FROM 'gone:1:abc' AND parameters->>'label' = '2024-01'`)).rows[0]?.status, { timeout: 30_000 }).toBe('DONE');
    const resumedBy = [a, b].filter((server) => server.lines.some((l) => /resuming interrupted export job/.test(l.msg ?? '')));
    expect(resumedBy).toHaveLength(1);
  });

  it('creates a due schedule’s job once and delivers it once, though both schedulers run', async () => {
    const token = tokens[ADMIN.id]!;
    const period = previousMonth();
    const created = await a.post(`mutation ($input: CreateExportScheduleInput!) { createExportSchedule(input: $input) { id period firstPeriod enabled owner } }`, {
      token, variables: { input: { period: 'MONTHLY', orgUnitId: toGlobalId('OrgUnit', 1), formats: ['CSV'], firstPeriod: period, delayDays: 0 } },
    });
    expect(created.body.errors).toBeUndefined();
    const schedule = created.body.data.createExportSchedule;
    expect(schedule).toMatchObject({ period: 'MONTHLY', firstPeriod: period, enabled: true, owner: ADMIN.id });

    await expect.poll(async () => (await db.pool.query(`SELECT delivered_at FROM export_delivery WHERE schedule_id = $1`, [schedule.id])).rows[0]?.delivered_at ?? null, { timeout: 40_000, interval: 250 }).not.toBeNull();
    // Both schedulers turn twice more after the delivery: nothing more may appear.
    const turns = async () => Promise.all([a.metric('clearline_scheduler_turns_total{outcome="ok"}'), b.metric('clearline_scheduler_turns_total{outcome="ok"}')]);
    const [turnsA, turnsB] = await turns();
    await expect.poll(async () => (await turns()).every((n, i) => n >= [turnsA, turnsB][i]! + 2), { timeout: 20_000 }).toBe(true);

    const jobs = await db.pool.query(`SELECT export_id::text, status FROM export_job WHERE parameters->>'scheduleId' = $1`, [schedule.id]);
    expect(jobs.rows).toEqual([{ export_id: expect.any(String), status: 'DONE' }]);
    const exportId = jobs.rows[0].export_id;
    const deliveries = await db.pool.query(`SELECT period_label, export_id::text, delivery_path FROM export_delivery WHERE schedule_id = $1`, [schedule.id]);
    expect(deliveries.rows).toEqual([{ period_label: period, export_id: exportId, delivery_path: join(schedule.id, period) }]);
    // The folder: the file and its checksum, and nothing else under the schedule (no leftover temporary folder).
    expect(await readdir(join(deliveryDir, schedule.id))).toEqual([period]);
    const files = (await readdir(join(deliveryDir, schedule.id, period))).sort();
    expect(files).toEqual(['SHA256SUMS', `regulator-monthly-P-${period}.csv.zip`]);
    const { rows: [file] } = await db.pool.query(`SELECT file_name, sha256 FROM export_file WHERE export_id = $1`, [exportId]);
    expect(await readFile(join(deliveryDir, schedule.id, period, 'SHA256SUMS'), 'utf8')).toBe(`${file.sha256}  ${file.file_name}\n`);
    const audit = await db.pool.query(`SELECT action, count(*)::int AS n FROM audit_log WHERE (target_type = 'export' AND target_id = $1) OR (target_type = 'export_schedule' AND target_id = $2) GROUP BY action ORDER BY action`, [exportId, schedule.id]);
    expect(audit.rows).toEqual([{ action: 'export.deliver', n: 1 }, { action: 'export.generate', n: 1 }, { action: 'export.schedule_create', n: 1 }]);
    const said = (pattern: RegExp) => [a, b].flatMap((server) => server.lines.filter((l) => pattern.test(l.msg ?? '')));
    expect(said(new RegExp(`created scheduled export job\\(s\\) ${exportId}$`))).toHaveLength(1);
    expect(said(new RegExp(`delivered ${schedule.id}/${period}$`))).toHaveLength(1);

    // Disabled, it lists as such; only an administrator may see schedules.
    const disabled = await b.post(`mutation ($id: ID!) { disableExportSchedule(id: $id) { enabled } }`, { token, variables: { id: schedule.id } });
    expect(disabled.body.data.disableExportSchedule).toEqual({ enabled: false });
    const refused = await b.post('{ exportSchedules { id } }', { token: tokens[ANALYST.id]! });
    expect(refused.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
