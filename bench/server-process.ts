// The real server (node server/main.ts) as deployed, in its own process, for
// the benchmarks that time requests through HTTP: production settings (JSON
// logs, a fixed JWT secret), the rate limit high enough for a benchmark, no
// demo seeding. Its own process, as in production, so that the benchmark's
// client (HTTP, JSON parsing, its garbage) does not share the server's event
// loop; the client's cost stays in every timing all the same.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import getPort from 'get-port';
import { signAccessToken } from '../server/auth/access-token.ts';
import { loadAuthConfig } from '../server/auth/auth-config.ts';
import { PROJECT_ROOT } from '../server/config.ts';
import type { Viewer } from '../server/auth/viewer.ts';

export type ServerProcess = {
  /** Base address, e.g. http://127.0.0.1:1234 (GraphQL at `${url}/graphql`). */
  url: string;
  process: ChildProcess;
  /** An access token for an administrator over the whole tree, signed with the server's secret, valid for a day. */
  token: string;
  /** Log lines written so far, and how many of them at level error or above. */
  logLines(): { lines: number; errors: number };
  /** POSTs a GraphQL operation as the administrator and returns the decoded body. */
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T | null; errors?: unknown[] }>;
  stop(): Promise<void>;
};

const BENCH_TOKEN_TTL_SECONDS = 24 * 60 * 60;
const BENCH_ADMIN: Viewer = { id: 'bench-admin', username: 'bench-admin', displayName: 'Benchmark', roles: ['ADMIN'], orgUnitScope: ['/'] };

/**
 * Starts the server on `databaseUrl` and resolves once it is ready.
 * BENCH_SERVER_NODE_ARGS passes flags to its node (e.g. "--cpu-prof
 * --cpu-prof-dir=/tmp/prof"); BENCH_SERVER_LOG=file keeps its log lines
 * (one JSON line per request: statements, cache hits, duration).
 * `root`: another checkout's server (its node_modules installed or linked),
 * to compare two versions side by side under the same machine load.
 */
export async function startServerProcess(databaseUrl: string, env: Record<string, string> = {}, root = PROJECT_ROOT): Promise<ServerProcess> {
  const secret = randomBytes(48).toString('base64');
  const port = await getPort();
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = stoppedWithBench(spawn(process.execPath, [...nodeArgs, '--import', 'tsx/esm', path.join(root, 'server/main.ts')], {
    cwd: root,
    env: {
      ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1',
      CLEARLINE_JWT_SECRET: secret, CLEARLINE_SEED_DEMO: 'false', CLEARLINE_RATE_LIMIT_PER_MINUTE: '1000000', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  const logFile = process.env.BENCH_SERVER_LOG ? createWriteStream(process.env.BENCH_SERVER_LOG) : undefined;
  let lines = 0;
  let errors = 0;
  await new Promise<void>((resolve, reject) => {
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const line of complete) {
        lines++;
        logFile?.write(`${line}\n`);
        if (line.includes('Clearline is ready at')) resolve();
        if (/"level":(50|60)/.test(line)) errors++;
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) => reject(new Error(`the server exited (code ${code}) before it was ready`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const auth = loadAuthConfig({ jwtSecret: secret, production: true, development: false }, () => {});
  // Valid for a day, not the 15 minutes users get: at ~10M, bench:kpi's uncovered question alone runs longer than that.
  const { token } = await signAccessToken({ ...auth, accessTokenTtlSeconds: BENCH_TOKEN_TTL_SECONDS }, BENCH_ADMIN);
  return {
    url,
    process: child,
    token,
    logLines: () => ({ lines, errors }),
    async query(query, variables) {
      return JSON.parse(await post(`${url}/graphql`, token, JSON.stringify({ query, variables }))) as { data?: any; errors?: unknown[] };
    },
    async stop() {
      await stopped(child);
      logFile?.end();
    },
  };
}

export type BareServer = {
  /** POSTs `body` as JSON to one of its routes (bench/bare-http-server.ts) and returns the decoded answer. */
  post<T = Record<string, any>>(route: '/operation' | '/sql' | '/kpi-sql', body: { first?: number; question?: string }): Promise<T>;
  stop(): Promise<void>;
};

/** The benches' bare HTTP server (bench/bare-http-server.ts) in its own process, on `databaseUrl`; resolves once it listens. */
export async function startBareHttpServer(databaseUrl: string): Promise<BareServer> {
  const port = await getPort();
  const child = stoppedWithBench(spawn(process.execPath, ['--import', 'tsx/esm', path.join(PROJECT_ROOT, 'bench/bare-http-server.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  }));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString('utf8').includes('bare server ready') && resolve());
    child.once('exit', (code) => reject(new Error(`the bare server exited (code ${code}) before it was ready`)));
  });
  return {
    async post(route, body) {
      return JSON.parse(await post(`http://127.0.0.1:${port}${route}`, '', JSON.stringify(body)));
    },
    stop: () => stopped(child),
  };
}

/**
 * Stops `child` when the bench's process exits, stop() or not: a bench that
 * fails half-way (an error thrown between start and stop) left its server
 * and bare server running, holding connections and a port.
 */
function stoppedWithBench(child: ChildProcess): ChildProcess {
  const stop = () => child.kill('SIGTERM');
  process.once('exit', stop);
  child.once('exit', () => process.off('exit', stop));
  return child;
}

/** SIGTERM, then the process's exit (at once if it has exited already). */
async function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/**
 * The benchmarks' HTTP client: node:http on kept-alive connections, taking
 * gzip as a browser does, inflating in one call. Not fetch: undici's WHATWG
 * streams cost the client ~1 ms per 90 KB answer (bench:api), time the
 * benchmark would have charged to the server; a browser's fetch is native.
 */
const keptAlive = new http.Agent({ keepAlive: true });

function post(address: string, token: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(address, {
      method: 'POST',
      agent: keptAlive,
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'accept-encoding': 'gzip', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve((response.headers['content-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8'));
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}
