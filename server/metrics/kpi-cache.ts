import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { DataSource } from 'typeorm';
import { currentViewerSession } from '../auth/viewer-session.ts';
import { poolOf, type Sql } from '../db/sql.ts';
import { kpiCacheLookups } from '../observability/metrics.ts';
import { currentRequestStats } from '../observability/request-context.ts';
import { observeStatement } from '../observability/statement-observer.ts';

/**
 * KPI answers kept in process, so the dashboard's repeated queries (every
 * manager's morning Overview) do not recompute. It cannot serve stale
 * numbers: the key holds the data's version (data_version, migration 0012),
 * which every committed load, mutation or rollup refresh moves, so the next
 * request after a change misses. It cannot cross viewers: the key holds the
 * compiled statement and its values (which embed the viewer's scope
 * condition) and the viewer's scope again, as row-level security applies it.
 */
export class KpiCache<T> {
  private readonly entries: LRUCache<string, { value: T }>;
  /** Answers being computed: identical requests arriving meanwhile (the morning rush on one Overview) wait for the same one. */
  private readonly computing = new Map<string, Promise<T>>();

  constructor(maxEntries: number) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  /** The answer for this statement at the data's current version, computed by `compute` when not cached. */
  async answer(db: DataSource, statement: Sql, compute: () => Promise<T>): Promise<{ value: T; cached: boolean }> {
    const version = await dataVersion(db);
    const scope = currentViewerSession()?.scope ?? '(no viewer session)';
    const key = createHash('sha256').update(JSON.stringify([version, scope, statement.text, statement.values])).digest('base64url');
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
      return { value: structuredClone(await pending), cached: true };
    }
    kpiCacheLookups.inc({ result: 'miss' });
    // The version was read before computing: if data changes meanwhile, the
    // entry holds newer numbers under the older version, never the reverse.
    const computing = compute();
    this.computing.set(key, computing);
    try {
      const value = await computing;
      this.entries.set(key, { value: structuredClone(value) });
      return { value, cached: false };
    } finally {
      this.computing.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
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

/** Turns the cache on for KPI queries run on this data source (the GraphQL endpoint does, per CLEARLINE_KPI_CACHE_ENTRIES). */
export function enableKpiCache(db: DataSource, maxEntries: number): void {
  if (maxEntries > 0) caches.set(db, new KpiCache(maxEntries));
  else caches.delete(db);
}

export function kpiCacheOf<T>(db: DataSource): KpiCache<T> | undefined {
  return caches.get(db) as KpiCache<T> | undefined;
}
