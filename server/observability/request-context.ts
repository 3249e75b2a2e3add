import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';

/**
 * What one HTTP request did, collected while it runs (AsyncLocalStorage) and
 * written as its log line and metrics when it ends. Holds ids and counts
 * only: never personal data, never SQL parameter values.
 */
export type RequestStats = {
  requestId: string;
  startedAt: number;
  /** The viewer's id (a number or a service account's id), once authenticated. */
  viewerId?: string;
  /** The GraphQL operation's name ("anonymous" when it has none). */
  operation?: string;
  /** Statements sent through server/db/sql.ts for this request. */
  statements: number;
  /** Per kpis field: the sources that answered it ("rollup_…" tables or "facts"). */
  kpiSources: string[];
  /** GraphQL error codes of the response. */
  errorCodes: string[];
  /** KPI answers served from the response cache. */
  cacheHits: number;
  /** The data version read once per request by the KPI cache (server/metrics/kpi-cache.ts). */
  dataVersion?: Promise<string>;
  logger: Logger;
  slowStatementMs: number;
};

const requests = new AsyncLocalStorage<RequestStats>();

export function runWithRequestStats<T>(stats: RequestStats, work: () => T): T {
  return requests.run(stats, work);
}

export function currentRequestStats(): RequestStats | undefined {
  return requests.getStore();
}

// A caller's request id is kept only when it is a short token: anything else could forge log lines.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** The incoming X-Request-Id when it is a sane token, else a new UUID. */
export function requestIdOf(incoming: string | undefined): string {
  return incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
