import { describe, expect, it } from 'vitest';
import { operationLabel } from '../../server/observability/metrics.ts';
import { requestIdOf } from '../../server/observability/request-context.ts';

describe('request ids', () => {
  it('keep a caller’s id when it is a short plain token', () => {
    expect(requestIdOf('lb-7f3a9c21')).toBe('lb-7f3a9c21');
    expect(requestIdOf('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
  });

  it('replace anything else with a new UUID', () => {
    for (const incoming of [undefined, '', 'short', 'has spaces in it', 'x'.repeat(65), 'line\nbreak-0001', '{"level":60}']) {
      const id = requestIdOf(incoming);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});

describe('operation labels', () => {
  it('name anonymous operations and odd names', () => {
    expect(operationLabel(undefined)).toBe('anonymous');
    expect(operationLabel('Overview"} 1\nfake_metric')).toBe('other');
    expect(operationLabel('OverviewFromRollups')).toBe('OverviewFromRollups');
  });

  it('stay bounded however many names clients send', () => {
    const labels = new Set(Array.from({ length: 500 }, (_, i) => operationLabel(`Generated${i}`)));
    expect(labels.size).toBeLessThanOrEqual(201); // at most 200 names, then "other"
    expect(labels.has('other')).toBe(true);
    expect(operationLabel('OverviewFromRollups')).toBe('OverviewFromRollups'); // a name seen before keeps its label
  });
});
