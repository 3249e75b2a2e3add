import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Counters for rate limits: in this process's memory by default; in Redis
 * when REDIS_URL is set, so several server processes share one limit. If
 * Redis stops answering, each process falls back to its own memory counter
 * rather than refusing every request.
 */
export type LimiterStore = {
  create(name: string, points: number, durationSeconds: number): RateLimiterAbstract;
  close(): Promise<void>;
  /** 'memory' or 'redis', for logs. */
  kind: string;
};

export function memoryLimiterStore(keyPrefix = 'clearline'): LimiterStore {
  return {
    kind: 'memory',
    create: (name, points, duration) => new RateLimiterMemory({ keyPrefix: `${keyPrefix}:${name}`, points, duration }),
    close: async () => {},
  };
}

export function redisLimiterStore(redisUrl: string, keyPrefix = 'clearline'): LimiterStore {
  const client = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  client.on('error', () => {}); // reconnects by itself; the insurance limiter covers the gap
  return {
    kind: 'redis',
    create: (name, points, duration) => new RateLimiterRedis({
      storeClient: client,
      keyPrefix: `${keyPrefix}:${name}`,
      points,
      duration,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${keyPrefix}:${name}:insurance`, points, duration }),
    }),
    close: async () => {
      client.disconnect();
    },
  };
}

export function limiterStoreFromEnv(env: Record<string, string | undefined>): LimiterStore {
  return env.REDIS_URL ? redisLimiterStore(env.REDIS_URL) : memoryLimiterStore();
}

/** Consumes one point; returns the seconds to wait when the limit is reached, else null. */
export async function consumeOrWait(limiter: RateLimiterAbstract, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}
