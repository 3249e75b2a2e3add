import { describe, expect, it } from 'vitest';
import { ragStatus } from '../../server/metrics/targets.ts';

describe('red / amber / green', () => {
  const higher = { target: 0.95, direction: 'HIGHER_IS_BETTER' as const, amberBand: 0.03 };
  const lower = { target: 48, direction: 'LOWER_IS_BETTER' as const, amberBand: 12 };
  it('is green on or beyond the target', () => {
    expect(ragStatus(0.95, higher)).toBe('GREEN');
    expect(ragStatus(0.99, higher)).toBe('GREEN');
    expect(ragStatus(40, lower)).toBe('GREEN');
  });
  it('is amber within the band on the wrong side, red beyond it', () => {
    expect(ragStatus(0.93, higher)).toBe('AMBER');
    expect(ragStatus(0.91, higher)).toBe('RED');
    expect(ragStatus(60, lower)).toBe('AMBER');
    expect(ragStatus(60.5, lower)).toBe('RED');
  });
  it('has no colour without a value', () => {
    expect(ragStatus(null, higher)).toBeNull();
  });
});
