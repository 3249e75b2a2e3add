import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../server/auth/access-token.ts';
import { loadAuthConfig } from '../../server/auth/auth-config.ts';
import { startServer } from '../../server/boot.ts';
import { loadConfig } from '../../server/config.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded-postgres.ts';
import { Lifecycle } from '../../server/lifecycle.ts';

// Fault drill: the database itself stops under a running server (not just
// its connections: connection-loss.test.ts), then a host that accepts
// connections but never answers takes its place (a network black hole), then
// Postgres starts again on the same port and data. The server answers 503
// DATABASE_UNAVAILABLE throughout, never hangs (the connect timeout), and
// answers correctly again by itself, without a restart. The Postgres here is
// a cluster of this suite's own, so stopping it disturbs no other suite.

const SECRET = 'restart-test-secret-0123456789-0123456789-abcdef';
const COUNT = `{ complaints(first: 1) { totalCount } }`;

type Answer = { status: number; body: { data?: { complaints: { totalCount: number } } | null; errors?: { message: string; extensions?: { code?: string } }[] }; retryAfter: string | null };

describe('the database stops and starts again under a running server', () => {
  let dir: string;
  let database: EmbeddedDatabase;
  let lifecycle: Lifecycle;
  let base: string;
  let token: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'clearline-restart-'));
    await chmod(dir, 0o755); // Postgres runs as its own user when the tests run as root
    database = await startEmbeddedPostgres({ clusterDir: path.join(dir, 'pg'), database: 'clearline' });
    lifecycle = new Lifecycle();
    const config = loadConfig({
      DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', CLEARLINE_DEMO_CUSTOMERS: '300', CLEARLINE_DEMO_MONTHS: '1',
      CLEARLINE_JWT_SECRET: SECRET, CLEARLINE_KPI_CACHE_ENTRIES: '0',
    });
    const { port } = await startServer(config, lifecycle, () => {});
    base = `http://127.0.0.1:${port}`;
    const auth = loadAuthConfig({ jwtSecret: SECRET, production: false, development: false }, () => {});
    token = (await signAccessToken(auth, { id: 'restart-admin', displayName: 'Restart test', roles: ['ADMIN'], orgUnitScope: ['/'] })).token;
  });
  afterAll(async () => {
    await lifecycle?.shutdown(15_000);
    await database?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const ask = async (): Promise<Answer> => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: COUNT }),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'], retryAfter: response.headers.get('retry-after') };
  };
  const probe = async (route: '/healthz' | '/readyz') => {
    const response = await fetch(`${base}${route}`);
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('answers 503 DATABASE_UNAVAILABLE while Postgres is down or silent, and recovers by itself', async () => {
    const before = await ask();
    expect(before.status).toBe(200);
    const total = before.body.data!.complaints.totalCount;
    expect(total).toBeGreaterThan(0);
    expect((await probe('/readyz')).status).toBe(200);

    // 1. Postgres stops (fast shutdown: every connection is terminated).
    const port = database.port;
    await database.stop();
    const refused = await ask();
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toBe('5');
    expect(refused.body.data).toBeNull();
    expect(refused.body.errors!.map((e) => e.extensions?.code)).toEqual(['DATABASE_UNAVAILABLE']);
    expect(refused.body.errors![0]!.message).toBe(
      'The database is unavailable (connection refused: Postgres is not running or not listening there). Clearline reconnects by itself once it answers again: retry in a few seconds.',
    );
    const health = await probe('/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'error', database: { reachable: false, code: 'DATABASE_UNAVAILABLE' } });
    expect(health.body.database.error).toContain('connection refused');
    const ready = await probe('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'unavailable', code: 'DATABASE_UNAVAILABLE' });

    // 2. Something accepts connections on that port but never answers: the connect timeout ends the wait.
    const held: net.Socket[] = [];
    const blackHole = net.createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(port, '127.0.0.1', resolve));
    try {
      const silent = await ask();
      expect(silent.status).toBe(503);
      expect(silent.body.errors!.map((e) => e.extensions?.code)).toEqual(['DATABASE_UNAVAILABLE']);
      expect(silent.body.errors![0]!.message).toContain('no connection within the connect timeout');
      expect(held.length).toBeGreaterThan(0); // the server did try to connect
      const silentReady = await probe('/readyz');
      expect(silentReady.status).toBe(503);
    } finally {
      held.forEach((socket) => socket.destroy());
      await new Promise((resolve) => blackHole.close(resolve));
    }

    // 3. Postgres starts again on the same port and data: the same server answers again, unrestarted.
    database = await startEmbeddedPostgres({ clusterDir: path.join(dir, 'pg'), database: 'clearline', port });
    await expect.poll(async () => (await ask()).status, { timeout: 20_000, interval: 250 }).toBe(200);
    expect((await ask()).body.data).toEqual({ complaints: { totalCount: total } });
    expect((await probe('/healthz')).status).toBe(200);
    expect(await probe('/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
  });
});
