import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDatabaseUrl } from './db/database-url.ts';
import { StartupError } from './startup-error.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type AppConfig = {
  /** Unset: an embedded Postgres is started under dataDir. */
  databaseUrl: string | undefined;
  port: number;
  host: string;
  /** The utility's time zone: "in the period" means local days in this zone. */
  timeZone: string;
  dataDir: string;
  /** NODE_ENV=development: stack traces in errors. Anything else (or unset) shows none. */
  development: boolean;
  /** Seed demo data when the database has no complaints yet. */
  seedDemoData: boolean;
  demoCustomers: number;
  demoMonths: number;
  /** NODE_ENV=production: CLEARLINE_JWT_SECRET is required. */
  production: boolean;
  /** GraphiQL at /graphql for browsers: on outside production; in production only with CLEARLINE_GRAPHIQL=on. */
  graphiql: boolean;
  /** Signs access tokens (CLEARLINE_JWT_SECRET); unset outside production: an ephemeral one. */
  jwtSecret: string | undefined;
  /** Rate-limit counters shared between processes in Redis when set; in memory otherwise. */
  redisUrl: string | undefined;
  /** Origins allowed to call the API from a browser (CLEARLINE_CORS_ORIGINS, comma-separated); none by default. */
  corsOrigins: string[];
  /** GraphQL requests per user per minute (CLEARLINE_RATE_LIMIT_PER_MINUTE). */
  requestsPerMinute: number;
  /** Express "trust proxy" (CLEARLINE_TRUST_PROXY): behind a load balancer, take the client address from X-Forwarded-For. */
  trustProxy: string | undefined;
  /** Statements slower than this many ms are logged with their SQL text (CLEARLINE_SLOW_STATEMENT_MS). */
  slowStatementMs: number;
  /** Bearer token for /metrics (CLEARLINE_METRICS_TOKEN); unset: /metrics answers loopback only. */
  metricsToken: string | undefined;
  /** /healthz reports rollups as stale past this age (CLEARLINE_ROLLUP_MAX_AGE_HOURS). */
  rollupMaxAgeHours: number;
  /** KPI answers kept in the in-process cache (CLEARLINE_KPI_CACHE_ENTRIES; 0 turns it off). */
  kpiCacheEntries: number;
  /** Seconds a KPI answer stays in Redis (CLEARLINE_KPI_CACHE_TTL_S); entries of older data versions are never read again. */
  kpiCacheTtlSeconds: number;
  /** Largest KPI answer shared through Redis, in bytes (CLEARLINE_KPI_CACHE_MAX_ENTRY_KB). */
  kpiCacheMaxEntryBytes: number;
  /** Org-unit scopes whose default Overview is computed ahead into the KPI caches (CLEARLINE_WARM_OVERVIEW_SCOPES; 0 turns it off). */
  warmOverviewScopes: number;
  /** Prefix of every Redis key (CLEARLINE_REDIS_PREFIX), so deployments can share one Redis. */
  redisPrefix: string;
  /** Seconds between two runs of the scheduler of export schedules and interrupted jobs (CLEARLINE_SCHEDULER_INTERVAL_S; 0 turns it off). */
  schedulerIntervalSeconds: number;
  /** On SIGTERM, how long in-flight requests may take to finish before their connections are closed (CLEARLINE_DRAIN_TIMEOUT_MS). */
  drainTimeoutMs: number;
};

type Env = Record<string, string | undefined>;

/** Default of CLEARLINE_DRAIN_TIMEOUT_MS: a little under the 30 s most orchestrators wait between SIGTERM and SIGKILL. */
export const DRAIN_TIMEOUT_MS = 10_000;

function integerVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new StartupError(`${name}=${raw} is not valid: expected a whole number from ${min} to ${max}.`);
  }
  return value;
}

function booleanVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new StartupError(`${name}=${raw} is not valid: expected true or false.`);
}

function timeZoneVar(env: Env): string {
  const zone = env.CLEARLINE_TIME_ZONE || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new StartupError(`CLEARLINE_TIME_ZONE=${zone} is not a known IANA time zone (for example Asia/Shanghai).`);
  }
  return zone;
}

function redisPrefixVar(env: Env): string {
  const prefix = env.CLEARLINE_REDIS_PREFIX || 'clearline';
  if (!/^[A-Za-z0-9._:-]{1,64}$/.test(prefix)) throw new StartupError(`CLEARLINE_REDIS_PREFIX=${prefix} is not valid: expected 1 to 64 letters, digits or ._:-`);
  return prefix;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl) parseDatabaseUrl(databaseUrl); // fail on a malformed URL before anything starts
  return {
    databaseUrl,
    port: integerVar(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    timeZone: timeZoneVar(env),
    dataDir: path.resolve(PROJECT_ROOT, env.CLEARLINE_DATA_DIR || '.data'),
    development: env.NODE_ENV === 'development',
    seedDemoData: booleanVar(env, 'CLEARLINE_SEED_DEMO', true),
    demoCustomers: integerVar(env, 'CLEARLINE_DEMO_CUSTOMERS', 100_000, 100, 50_000_000),
    demoMonths: integerVar(env, 'CLEARLINE_DEMO_MONTHS', 24, 1, 120),
    production: env.NODE_ENV === 'production',
    // In production the IDE is opt-in: regulators and agents must not get an API explorer (introspection is refused to them anyway).
    graphiql: env.NODE_ENV !== 'production' || env.CLEARLINE_GRAPHIQL === 'on',
    jwtSecret: env.CLEARLINE_JWT_SECRET || undefined,
    redisUrl: env.REDIS_URL || undefined,
    corsOrigins: (env.CLEARLINE_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    requestsPerMinute: integerVar(env, 'CLEARLINE_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    trustProxy: env.CLEARLINE_TRUST_PROXY || undefined,
    slowStatementMs: integerVar(env, 'CLEARLINE_SLOW_STATEMENT_MS', 500, 0, 3_600_000),
    metricsToken: env.CLEARLINE_METRICS_TOKEN || undefined,
    rollupMaxAgeHours: integerVar(env, 'CLEARLINE_ROLLUP_MAX_AGE_HOURS', 26, 1, 24 * 366),
    kpiCacheEntries: integerVar(env, 'CLEARLINE_KPI_CACHE_ENTRIES', 2000, 0, 1_000_000),
    kpiCacheTtlSeconds: integerVar(env, 'CLEARLINE_KPI_CACHE_TTL_S', 3600, 1, 7 * 24 * 3600),
    kpiCacheMaxEntryBytes: integerVar(env, 'CLEARLINE_KPI_CACHE_MAX_ENTRY_KB', 1024, 1, 64 * 1024) * 1024,
    warmOverviewScopes: integerVar(env, 'CLEARLINE_WARM_OVERVIEW_SCOPES', 20, 0, 1000),
    redisPrefix: redisPrefixVar(env),
    schedulerIntervalSeconds: integerVar(env, 'CLEARLINE_SCHEDULER_INTERVAL_S', 60, 0, 24 * 3600),
    drainTimeoutMs: integerVar(env, 'CLEARLINE_DRAIN_TIMEOUT_MS', DRAIN_TIMEOUT_MS, 0, 3_600_000),
  };
}
