import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { DataSource } from 'typeorm';
import { currentViewerSession } from '../auth/viewer-session.ts';
import { poolOf, textOf, type Sql } from '../db/sql.ts';
import { kpiCacheLookups } from '../observability/metrics.ts';
import { currentRequestStats } from '../observability/request-context.ts';
import { observeStatement } from '../observability/statement-observer.ts';
import type { SharedKpiStore } from './kpi-shared-cache.ts';

/**
 * KPI answers kept in process, so the dashboard's repeated queries (every
 * manager's morning Overview) do not recompute. It cannot serve stale
 * numbers: the key holds the data's version (data_version, migration 0012),
 * which every committed load, mutation or rollup refresh moves, so the next
 * request after a change misses. It cannot cross viewers: the key holds the
 * compiled statement and its values (which embed the viewer's scope
 * condition) and the viewer's scope again, as row-level security applies it.
 *
 * Two levels: this process's LRU first, then (with REDIS_URL) the entries
 * every server process shares (server/metrics/kpi-shared-cache.ts), so an
 * answer computed behind one process of a load balancer is served by all.
 */
export class KpiCache<T> {
  private readonly entries: LRUCache<string, { value: T }>;
  /** Answers being computed: identical requests arriving meanwhile (the morning rush on one Overview) wait for the same one. */
  private readonly computing = new Map<string, Promise<{ value: T; remote: boolean }>>();

  constructor(maxEntries: number, private readonly shared?: SharedKpiStore) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  /** The answer for this statement at the data's current version, computed by `compute` when not cached. */
  async answer(db: DataSource, statement: Sql, compute: () => Promise<T>): Promise<{ value: T; cached: boolean }> {
    const version = await dataVersion(db);
    const scope = currentViewerSession()?.scope ?? '(no viewer session)';
    const key = createHash('sha256').update(JSON.stringify([version, scope, textOf(statement), statement.values])).digest('base64url');
    const cached = this.entries.get(key);
    if (cached) {
      kpiCacheLookups.inc({ result: 'hit' });
      const stats = currentRequestStats();
      if (stats) stats.cacheHits++;
      return { value: structuredClone(cached.value), cached: true };
    }
    const pending = this.computing.get(key);
    if (pending) {
      kpiCacheLookups.inc({ result: 'shared' });
      const stats = currentRequestStats();
      if (stats) stats.cacheHits++;
      return { value: structuredClone((await pending).value), cached: true };
    }
    // The version was read before computing: if data changes meanwhile, the
    // entry holds newer numbers under the older version, never the reverse.
    const computing = this.fetchOrCompute(key, compute);
    this.computing.set(key, computing);
    try {
      const { value, remote } = await computing;
      this.entries.set(key, { value: structuredClone(value) });
      if (remote) {
        const stats = currentRequestStats();
        if (stats) stats.cacheHits++;
      }
      return { value, cached: remote };
    } finally {
      this.computing.delete(key);
    }
  }

  /** The other processes' answer when the shared level has it, else computed here (and offered to them). */
  private async fetchOrCompute(key: string, compute: () => Promise<T>): Promise<{ value: T; remote: boolean }> {
    const stored = await this.shared?.get(key);
    if (stored !== undefined) {
      kpiCacheLookups.inc({ result: 'remote' });
      return { value: JSON.parse(stored) as T, remote: true };
    }
    kpiCacheLookups.inc({ result: 'miss' });
    const value = await compute();
    // Not awaited by the answer: a slow or absent Redis must not delay it.
    if (this.shared) void this.shared.set(key, JSON.stringify(value));
    return { value, remote: false };
  }

  clear(): void {
    this.entries.clear();
  }

  close(): Promise<void> {
    return this.shared?.close() ?? Promise.resolve();
  }
}

/** The data's version, read once per HTTP request (every KPI of a request sees the same one), else per call. */
export function dataVersion(db: DataSource): Promise<string> {
  const stats = currentRequestStats();
  if (stats?.dataVersion) return stats.dataVersion;
  const text = 'SELECT version::text AS version FROM data_version';
  const read = observeStatement(text, 0, async () => (await poolOf(db).query<{ version: string }>(text)).rows[0]?.version ?? '0');
  if (stats) {
    stats.dataVersion = read;
    // A failed read is not remembered: the next KPI of the request tries again.
    read.catch(() => (stats.dataVersion = undefined));
  }
  return read;
}

const caches = new WeakMap<DataSource, KpiCache<unknown>>();

/**
 * Turns the cache on for KPI queries run on this data source (the GraphQL
 * endpoint does, per CLEARLINE_KPI_CACHE_ENTRIES), with a level shared
 * between processes when given one (REDIS_URL).
 */
export function enableKpiCache(db: DataSource, maxEntries: number, shared?: SharedKpiStore): KpiCache<unknown> | undefined {
  if (maxEntries > 0) {
    const cache = new KpiCache(maxEntries, shared);
    caches.set(db, cache);
    return cache;
  }
  caches.delete(db);
  return undefined;
}

export function kpiCacheOf<T>(db: DataSource): KpiCache<T> | undefined {
  return caches.get(db) as KpiCache<T> | undefined;
}
