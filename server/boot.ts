import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_DEMO_OPTIONS } from '../seeds/demo-generator.ts';
import { hasComplaintData, loadDemoData } from '../seeds/demo-loader.ts';
import { localToday } from '../seeds/seed-options.ts';
import { loadAuthConfig } from './auth/auth-config.ts';
import { ensureDemoUsers, DEMO_PASSWORD } from './auth/demo-users.ts';
import { memoryLimiterStore, redisLimiterStore } from './auth/rate-limiters.ts';
import type { AppConfig } from './config.ts';
import { createDataSource } from './db/data-source.ts';
import { createPool, openDatabase } from './db/database.ts';
import { ensureGraphiqlBuilt } from './http/graphiql.ts';
import { ensureDashboardBuilt } from './http/dashboard-static.ts';
import { createGraphQLEndpoint } from './http/graphql-endpoint.ts';
import { redisKpiStore } from './metrics/kpi-shared-cache.ts';
import { exportConfigFromEnv } from './exports/export-config.ts';
import { startExportScheduler } from './exports/export-scheduler.ts';
import { migrate } from './db/migrate.ts';
import { createApp, type AppState } from './http/app.ts';
import { listen } from './http/listen.ts';
import type { Lifecycle } from './lifecycle.ts';
import pino, { type Logger } from 'pino';
import { watchPool, watchRollups } from './observability/metrics.ts';
import { poolOf } from './db/sql.ts';
import { OVERVIEW_WARMER_CHECK_SECONDS, OverviewWarmer, startOverviewWarmer } from './metrics/overview-warmer.ts';

export type RunningServer = { url: string; port: number };

/**
 * Starts Clearline: binds the port first (so a port in use fails fast), then
 * opens the database (embedded when DATABASE_URL is unset), migrates, loads
 * demo data on first start, and serves. /healthz answers 503 until ready.
 * Everything acquired is registered with `lifecycle`, so a signal at any
 * point (even mid-seed) releases it cleanly.
 */
export async function startServer(config: AppConfig, lifecycle: Lifecycle, log: (line: string) => void, logger: Logger = pino({ enabled: false })): Promise<RunningServer> {
  const state: AppState = {
    pool: undefined, graphql: undefined, databaseDescription: config.databaseUrl ? 'connecting' : 'embedded (starting)', corsOrigins: config.corsOrigins, trustProxy: config.trustProxy,
    logger, slowStatementMs: config.slowStatementMs, phase: 'starting', metricsToken: config.metricsToken, rollupMaxAgeHours: config.rollupMaxAgeHours,
  };
  // Before anything starts: production without CLEARLINE_JWT_SECRET stops here.
  // A warning (ephemeral secret) waits until the server is otherwise ready,
  // so that a start failing for another reason still says one line.
  const authWarnings: string[] = [];
  const auth = loadAuthConfig(config, (line) => authWarnings.push(line));
  const database = await openDatabaseAfterListening(config, state, lifecycle, log);
  const port = database.port;
  state.databaseDescription = database.handle.description;
  log(`Database: ${database.handle.description}`);
  const report = await migrate(database.handle.url, log);
  if (report.calendarDaysChanged > 0) log(`Calendar: ${report.calendarDaysChanged} day(s) of dim_date added or updated`);
  const pool = createPool(database.handle.url);
  lifecycle.onShutdown('database pool', () => pool.end());
  if (config.seedDemoData && !(await hasComplaintData(pool))) {
    log('First start: loading demo data (set CLEARLINE_SEED_DEMO=false to skip)…');
    await loadDemoData(pool, {
      ...DEFAULT_DEMO_OPTIONS,
      customers: config.demoCustomers,
      months: config.demoMonths,
      until: localToday(config.timeZone),
      timeZone: config.timeZone,
    }, log);
    // Demo users come with demo data only, never into a database with real data.
    const created = await ensureDemoUsers(pool);
    if (created.length) log(`Demo users ${created.join(', ')} created (password ${DEMO_PASSWORD}); see README › Security.`);
  }
  await ensureGraphiqlBuilt(log);
  await ensureDashboardBuilt(log);
  const dataSource = createDataSource(database.handle.url);
  await dataSource.initialize();
  lifecycle.onShutdown('TypeORM data source', () => dataSource.destroy());
  authWarnings.forEach((line) => log(line));
  const limiterStore = config.redisUrl ? redisLimiterStore(config.redisUrl, config.redisPrefix) : memoryLimiterStore();
  // With REDIS_URL, KPI answers are shared by every process too (server/metrics/kpi-shared-cache.ts).
  const kpiCacheShared = config.redisUrl && config.kpiCacheEntries > 0
    ? redisKpiStore(config.redisUrl, { keyPrefix: config.redisPrefix, ttlSeconds: config.kpiCacheTtlSeconds, maxEntryBytes: config.kpiCacheMaxEntryBytes, log })
    : undefined;
  const graphql = await createGraphQLEndpoint(dataSource, {
    development: config.development, log, timeZone: config.timeZone, graphiql: config.graphiql, kpiCacheEntries: config.kpiCacheEntries, kpiCacheShared,
    security: { auth, limiterStore, requestsPerMinute: config.requestsPerMinute },
  });
  lifecycle.onShutdown('GraphQL server', () => graphql.stop());
  state.graphql = graphql.handler;
  state.pool = pool;
  state.routeSecurity = { auth, pool };
  watchPool('api', poolOf(dataSource));
  watchPool('app', pool);
  watchRollups(pool);
  if (config.schedulerIntervalSeconds > 0) {
    // Every process runs it: scheduled returns, deliveries and the resumption of interrupted export jobs are safe in parallel.
    const scheduler = startExportScheduler({ db: dataSource, config: { ...exportConfigFromEnv(), timeZone: config.timeZone } }, { intervalSeconds: config.schedulerIntervalSeconds, log });
    lifecycle.onShutdown('export scheduler', () => scheduler.stop());
  }
  if (config.kpiCacheEntries > 0 && config.warmOverviewScopes > 0) {
    const warmer = new OverviewWarmer({ db: dataSource, pool, run: graphql.runOperation, maxScopes: config.warmOverviewScopes, log });
    const warming = startOverviewWarmer(warmer, OVERVIEW_WARMER_CHECK_SECONDS);
    lifecycle.onShutdown('Overview warmer', () => warming.stop());
  }
  state.phase = 'ready';
  // Registered last, so released first: /readyz answers 503 (on connections
  // still open) while in-flight requests finish, before GraphQL, the pools and
  // the database they need are stopped. The HTTP server's own release later
  // finds it closed.
  lifecycle.onShutdown('in-flight requests', async () => {
    state.phase = 'draining';
    await closeServer(database.server, config.drainTimeoutMs, log);
  });
  const url = `http://localhost:${port}`;
  log(`Clearline is ready at ${url} (GraphQL: ${url}/graphql, health: ${url}/healthz)`);
  return { url, port };
}

async function openDatabaseAfterListening(config: AppConfig, state: AppState, lifecycle: Lifecycle, log: (line: string) => void) {
  const server = await listen(createApp(state), config.port, config.host);
  lifecycle.onShutdown('HTTP server', () => closeServer(server, config.drainTimeoutMs, log));
  const handle = await openDatabase(config, log);
  lifecycle.onShutdown('database', () => handle.close());
  return { handle, server, port: (server.address() as AddressInfo).port };
}

/** Stops accepting connections and waits for in-flight requests, up to a deadline (CLEARLINE_DRAIN_TIMEOUT_MS). */
function closeServer(server: Server, deadlineMs: number, log: (line: string) => void): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const deadline = setTimeout(() => {
      log(`Requests still in flight after ${deadlineMs / 1000} s (CLEARLINE_DRAIN_TIMEOUT_MS): closing their connections.`);
      server.closeAllConnections();
      resolve();
    }, deadlineMs);
    deadline.unref();
    server.close(() => {
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
