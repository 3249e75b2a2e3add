import { describe, expect, it } from 'vitest';
import { niceTicks } from '../charts/nice-ticks.ts';

describe('niceTicks', () => {
  it('covers the largest value in round steps from zero', () => {
    expect(niceTicks(150)).toEqual([0, 50, 100, 150]);
    expect(niceTicks(240)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(niceTicks(389)).toEqual([0, 100, 200, 300, 400]);
    expect(niceTicks(12_345)).toEqual([0, 2500, 5000, 7500, 10_000, 12_500]);
  });

  it('keeps counts whole and has an axis when there is nothing to show', () => {
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0.2)).toEqual([0, 1]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(0.3, 5, false)).toEqual([0, 0.1, 0.2, 0.3]);
  });
});
