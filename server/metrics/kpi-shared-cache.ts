import { Redis } from 'ioredis';

/**
 * The second level of the KPI cache, shared by every server process: Redis
 * when REDIS_URL is set. Entries are JSON under `<prefix>:kpi:<key>` (the key
 * already holds the data version, the viewer's scope and the statement), each
 * with a TTL so the entries of old versions go by themselves, and none larger
 * than a bound. A Redis that does not answer never fails a KPI request: a
 * lookup counts as a miss, a store is dropped, and the outage is logged once
 * (and its end once).
 */
export type SharedKpiStore = {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  close(): Promise<void>;
};

export type RedisKpiStoreOptions = {
  /** Key prefix, so several deployments (or test runs) share one Redis without meeting. */
  keyPrefix: string;
  ttlSeconds: number;
  /** Entries larger than this (bytes of JSON) stay in the process only. */
  maxEntryBytes: number;
  log: (line: string) => void;
  /** A lookup slower than this counts as a miss (ms). */
  timeoutMs?: number;
};

export function redisKpiStore(redisUrl: string, options: RedisKpiStoreOptions): SharedKpiStore {
  // No offline queue and one retry: while Redis is away, commands fail at once instead of piling up.
  const client = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: options.timeoutMs ?? 250 });
  let down = false;
  const failed = (error: unknown) => {
    if (down) return;
    down = true;
    options.log(`KPI cache: Redis does not answer (${(error as Error).message}); each process computes its own answers until it does`);
  };
  const answered = () => {
    if (!down) return;
    down = false;
    options.log('KPI cache: Redis answers again; answers are shared between processes');
  };
  client.on('error', failed); // reconnects by itself
  const redisKey = (key: string) => `${options.keyPrefix}:kpi:${key}`;
  return {
    async get(key) {
      try {
        const value = await client.get(redisKey(key));
        answered();
        return value ?? undefined;
      } catch (error) {
        failed(error);
        return undefined;
      }
    },
    async set(key, value) {
      if (Buffer.byteLength(value) > options.maxEntryBytes) return;
      try {
        await client.set(redisKey(key), value, 'EX', options.ttlSeconds);
        answered();
      } catch (error) {
        failed(error);
      }
    },
    async close() {
      client.disconnect();
    },
  };
}
