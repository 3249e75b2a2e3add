import { describe, expect, it } from 'vitest';
import { targetVerdict, verdictLines, type FourWays } from '../../bench/target-verdict.ts';

// Samples chosen so each p50 (the 3rd of 5) and p95 (the 5th) are plain numbers.
const samples = (p50: number, p95: number) => [p50 - 2, p50 - 1, p50, p50 + 1, p95];

describe('bench target verdict', () => {
  // GraphQL over HTTP 13 ms, SQL in process 10, SQL over HTTP 12, GraphQL in process 11:
  // in process 11/10 = 1.10, over HTTP 13/12 = 1.083, strict 13/10 = 1.30, the bare hop 12/10 = 1.20.
  const ways: FourWays = { graphqlOverHttp: samples(13, 26), sqlInProcess: samples(10, 20), sqlOverHttp: samples(12, 20), graphqlInProcess: samples(11, 30) };

  it('compares each GraphQL way with the SQL served the same way, at p50 and p95', () => {
    const v = targetVerdict(ways, 1.2);
    expect(v.inProcess.p50).toBeCloseTo(1.1, 10);
    expect(v.inProcess.p95).toBeCloseTo(1.5, 10);
    expect(v.overHttp.p50).toBeCloseTo(13 / 12, 10);
    expect(v.overHttp.p95).toBeCloseTo(1.3, 10);
    expect(v.strict.p50).toBeCloseTo(1.3, 10);
    expect(v.httpFloor.p50).toBeCloseTo(1.2, 10);
    expect(v.met).toBe(true);
  });

  it('is met only when both like-with-like ratios are within the target at p50', () => {
    expect(targetVerdict(ways, 1.09).met).toBe(false); // in process 1.10 is over it
    expect(targetVerdict({ ...ways, graphqlOverHttp: samples(15, 26) }, 1.2).met).toBe(false); // over HTTP 15/12 = 1.25
    expect(targetVerdict(ways, 1.1).met).toBe(true); // within means ≤
  });

  it('prints the verdict, the ratio over the target, and the strict ratio with the HTTP floor', () => {
    const lines = verdictLines({ ...ways, graphqlOverHttp: samples(15, 26) }, 1.2, 'target', '');
    expect(lines[0]).toBe('target ≤ 1.2×, GraphQL ÷ the SQL served the same way: MISSED');
    expect(lines[1]).toBe('  in process ÷ in process         p50 1.10× (p95 1.50×)');
    expect(lines[2]).toBe('  over HTTP ÷ over HTTP           p50 1.25× (p95 1.30×)  over the target');
    expect(lines[3]).toBe('strict ratio, GraphQL over HTTP ÷ SQL in process: p50 1.50× (p95 1.30×); the bare HTTP server alone, SQL over HTTP ÷ SQL in process: p50 1.20× (p95 1.00×)');
  });
});
