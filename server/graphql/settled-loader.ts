import DataLoader from 'dataloader';

/**
 * A DataLoader whose answers, once their batch has come back, `load` hands
 * out as they are instead of as a promise. A prefetched nested page
 * (server/graphql/complaint/complaint-prefetch.ts) then resolves in one
 * synchronous pass: no promise per row and field for graphql-jit to await.
 * Before the batch returns, and for keys that failed, `load` is DataLoader's
 * own (the failure is reported by the field that asks). Per request, like
 * every loader: nothing is ever cleared.
 */
export class SettledLoader<K, V, C = K> {
  private readonly settled = new Map<C, V>();
  private readonly loader: DataLoader<K, V, C>;

  constructor(batch: (keys: readonly K[]) => Promise<(V | Error)[]>, private readonly cacheKeyOf: (key: K) => C = (key) => key as unknown as C) {
    this.loader = new DataLoader<K, V, C>(async (keys) => {
      const values = await batch(keys);
      for (let i = 0; i < keys.length; i++) {
        const value = values[i];
        if (!(value instanceof Error) && value !== undefined) this.settled.set(cacheKeyOf(keys[i]!), value as V);
      }
      return values;
    }, { cacheKeyFn: cacheKeyOf });
  }

  /** The value itself once its batch has returned, else DataLoader's promise of it. */
  load(key: K): V | Promise<V> {
    const value = this.settled.get(this.cacheKeyOf(key));
    return value !== undefined ? value : this.loader.load(key);
  }

  /** Starts (or joins) the loads of these keys; never rejects (failures are Errors in the array). */
  loadMany(keys: readonly K[]): Promise<(V | Error)[]> {
    return this.loader.loadMany(keys);
  }

  /** A value fetched elsewhere (e.g. joined into a page): later loads of its key return it without a statement. */
  prime(key: K, value: V): void {
    const cacheKey = this.cacheKeyOf(key);
    if (this.settled.has(cacheKey)) return;
    this.settled.set(cacheKey, value);
    this.loader.prime(key, value);
  }
}
