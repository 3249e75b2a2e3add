import { describe, expect, it } from 'vitest';
import { SettledLoader } from '../../server/graphql/settled-loader.ts';

describe('SettledLoader', () => {
  const counting = (answer: (key: number) => string | Error) => {
    const batches: number[][] = [];
    const loader = new SettledLoader<number, string>(async (keys) => {
      batches.push([...keys]);
      return keys.map(answer);
    });
    return { loader, batches };
  };

  it('hands out a loaded value as it is, and batches the first loads as DataLoader does', async () => {
    const { loader, batches } = counting((key) => `v${key}`);
    const first = loader.load(1);
    const second = loader.load(2);
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toBe('v1');
    expect(await second).toBe('v2');
    expect(loader.load(1)).toBe('v1');
    expect(batches).toEqual([[1, 2]]);
  });

  it('prefetches the keys not loaded yet, once each, in one batch; later loads need none', async () => {
    const { loader, batches } = counting((key) => `v${key}`);
    loader.prime(1, 'primed');
    await loader.prefetch([1, 2, 3, 2]);
    expect(batches).toEqual([[2, 3]]);
    expect([loader.load(1), loader.load(2), loader.load(3)]).toEqual(['primed', 'v2', 'v3']);
    await loader.prefetch([2, 3]);
    expect(batches).toHaveLength(1);
  });

  it('lets a prefetched key that failed fail its load with the same error, and never rejects the prefetch', async () => {
    const refused = new Error('refused');
    const { loader } = counting((key) => (key === 2 ? refused : `v${key}`));
    await loader.prefetch([1, 2]);
    expect(loader.load(1)).toBe('v1');
    await expect(loader.load(2)).rejects.toBe(refused);

    const broken = new SettledLoader<number, string>(async () => {
      throw new Error('statement failed');
    });
    await expect(broken.prefetch([1])).resolves.toBeUndefined();
    await expect(broken.load(1)).rejects.toThrow('statement failed');
  });
});
