import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../server/auth/access-token.ts';
import { loadAuthConfig } from '../../server/auth/auth-config.ts';
import { PROJECT_ROOT } from '../../server/config.ts';

// SIGTERM to the real server process (`node --import tsx/esm server/main.ts`,
// its own embedded Postgres, as `npm start` runs it): a request in flight
// finishes, new connections are refused, the process exits 0 and the
// embedded Postgres has stopped cleanly — no postmaster.pid, no postgres
// process on that data folder, and Postgres' own "database system is shut
// down" in the log. A request that never finishes is cut at the drain
// deadline (CLEARLINE_DRAIN_TIMEOUT_MS) and does not keep the process alive.
// "In flight" needs no timing: the request is an upload whose body the test
// holds open (as in drain.test.ts).

const SECRET = 'sigterm-test-secret-0123456789-0123456789-abcdef';
const ROWS = 6_000;
/** The second test's deadline; the first one's is generous, so that a slow machine cannot cut its request. */
const SHORT_DRAIN_MS = 3_000;
const LONG_DRAIN_MS = 60_000;

type Server = { child: ChildProcess; output: () => string; port: number; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> };

async function startServer(dataDir: string, drainTimeoutMs: number): Promise<Server> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', CLEARLINE_DATA_DIR: dataDir, CLEARLINE_JWT_SECRET: SECRET,
      CLEARLINE_DEMO_CUSTOMERS: '300', CLEARLINE_DEMO_MONTHS: '1', CLEARLINE_DRAIN_TIMEOUT_MS: String(drainTimeoutMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const ready = /ready at http:\/\/localhost:(\d+)/.exec(text);
      if (ready) {
        clearInterval(timer);
        resolve(Number(ready[1]));
      }
    }, 50);
    void exit.then(({ code }) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${text}`));
    });
  });
  return { child, output: () => text, port, exit };
}

/** An upload of channels whose body stays open until finish() is called. */
function heldUpload(port: number, token: string) {
  let request!: http.ClientRequest;
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/imports/channels', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('error', reject);
    // More than the 64 kB the import sniffs for the encoding, so it starts before the body ends.
    request.write(`code,name_zh,name_en\n${'FAX,传真,Fax\n'.repeat(ROWS)}`);
  });
  return { answer, finish: () => request.end('FAX,传真,Fax\n') };
}

/** Processes whose command line names this data folder (a postmaster and its children). */
function processesOn(folder: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(folder)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

describe.skipIf(process.platform !== 'linux')('SIGTERM to the server process', () => {
  let dataDir: string;
  let token: string;
  const running: ChildProcess[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'clearline-sigterm-'));
    await chmod(dataDir, 0o755); // the `postgres` user runs the cluster when tests run as root
    const auth = loadAuthConfig({ jwtSecret: SECRET, production: false, development: false }, () => {});
    token = (await signAccessToken(auth, { id: 'sigterm-admin', displayName: 'SIGTERM test', roles: ['ADMIN'], orgUnitScope: ['/'] })).token;
  });
  afterAll(async () => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  const clusterDir = () => path.join(dataDir, 'pg');
  /** The embedded database, reached with the credentials the server keeps beside it. */
  async function importRuns(port: number): Promise<number> {
    const { password } = JSON.parse(await readFile(`${clusterDir()}.credentials.json`, 'utf8')) as { password: string };
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'clearline', password, database: 'clearline' });
    await client.connect();
    try {
      return (await client.query(`SELECT count(*)::int AS n FROM import_run WHERE kind = 'channels' AND status = 'RUNNING'`)).rows[0].n;
    } finally {
      await client.end();
    }
  }
  async function databasePort(server: Server): Promise<number> {
    const health = (await (await fetch(`http://127.0.0.1:${server.port}/healthz`)).json()) as { database: { where: string } };
    return Number(/port (\d+)/.exec(health.database.where)![1]);
  }
  function expectPostgresStoppedCleanly(server: Server) {
    expect(server.output()).toMatch(/Embedded Postgres stopped cleanly \(database system is shut down\)\./);
    expect(existsSync(path.join(clusterDir(), 'postmaster.pid'))).toBe(false);
    expect(processesOn(clusterDir())).toEqual([]);
  }

  it('finishes the request in flight, refuses new connections, exits 0 and stops Postgres cleanly', async () => {
    const server = await startServer(dataDir, LONG_DRAIN_MS);
    running.push(server.child);
    const dbPort = await databasePort(server);
    expect(processesOn(clusterDir()).length).toBeGreaterThan(0);
    const upload = heldUpload(server.port, token);
    upload.answer.catch(() => {}); // awaited below; a rejection before then is not unhandled
    await expect.poll(() => importRuns(dbPort), { timeout: 20_000 }).toBe(1);

    server.child.kill('SIGTERM');
    await expect.poll(() => fetch(`http://127.0.0.1:${server.port}/readyz`).then(() => 'answered', () => 'refused'), { timeout: 10_000 }).toBe('refused');
    upload.finish();
    const { status, body } = await upload.answer.catch((error: Error) => {
      throw new Error(`${error.message}; server output:\n${server.output()}`);
    });
    expect(status).toBe(200);
    // Every row arrived and was handled (FAX is not an allowed channel code: quarantined, not lost).
    expect(JSON.parse(body)).toMatchObject({ kind: 'channels', rowsRead: ROWS + 1, quarantined: ROWS + 1 });
    expect(await server.exit).toEqual({ code: 0, signal: null });
    expect(server.output()).not.toMatch(/Requests still in flight/);
    expectPostgresStoppedCleanly(server);
  }, 180_000);

  it('does not wait past the drain deadline for a request that never finishes', async () => {
    const server = await startServer(dataDir, SHORT_DRAIN_MS); // the same data: no seeding this time
    running.push(server.child);
    const dbPort = await databasePort(server);
    const upload = heldUpload(server.port, token);
    const answered = upload.answer.then(() => 'answered', () => 'cut');
    await expect.poll(() => importRuns(dbPort), { timeout: 20_000 }).toBe(1);

    server.child.kill('SIGTERM');
    // The body is never finished: the process still exits, having closed that connection.
    expect(await server.exit).toEqual({ code: 0, signal: null });
    expect(await answered).toBe('cut');
    expect(server.output()).toContain(`Requests still in flight after ${SHORT_DRAIN_MS / 1000} s (CLEARLINE_DRAIN_TIMEOUT_MS): closing their connections.`);
    expectPostgresStoppedCleanly(server);
  }, 180_000);
});
