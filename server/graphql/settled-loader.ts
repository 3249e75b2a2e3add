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

  constructor(private readonly batch: (keys: readonly K[]) => Promise<(V | Error)[]>, private readonly cacheKeyOf: (key: K) => C = (key) => key as unknown as C) {
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

  /**
   * Loads the keys not loaded yet in one batch and resolves (never rejects)
   * once it has come back; a key that failed then fails its `load` with the
   * same error. Unlike DataLoader's loadMany, no promise per key: a
   * prefetched page asks for some 300 at once. Meant for keys nobody has
   * asked for yet (a key already on its way through `load` is asked again).
   */
  prefetch(keys: readonly K[]): Promise<void> {
    const wanted: K[] = [];
    const seen = new Set<C>();
    for (const key of keys) {
      const cacheKey = this.cacheKeyOf(key);
      if (seen.has(cacheKey) || this.settled.has(cacheKey)) continue;
      seen.add(cacheKey);
      wanted.push(key);
    }
    if (wanted.length === 0) return Promise.resolve();
    return this.batch(wanted).then(
      (values) => wanted.forEach((key, i) => this.settle(key, values[i] ?? new Error('no value loaded'))),
      (error: unknown) => wanted.forEach((key) => this.settle(key, error instanceof Error ? error : new Error(String(error)))),
    );
  }

  private settle(key: K, value: V | Error): void {
    if (value instanceof Error) this.loader.prime(key, value); // DataLoader keeps it as the key's rejection
    else this.settled.set(this.cacheKeyOf(key), value);
  }

  /** A value fetched elsewhere (e.g. joined into a page): later loads of its key return it without a statement. */
  prime(key: K, value: V): void {
    const cacheKey = this.cacheKeyOf(key);
    if (!this.settled.has(cacheKey)) this.settled.set(cacheKey, value);
  }
}
