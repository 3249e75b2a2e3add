// How bench:api and bench:kpi judge a "GraphQL at most N× the hand-written
// SQL" target (issue 3: 1.5×, issue 4: 1.3×). Each question is timed four
// ways in the same rounds; the target compares GraphQL with the SQL served
// the same way, and both of these must hold at p50:
//   - the GraphQL operation executed in the bench's process ÷ the SQL run
//     by pg in the bench's process (no HTTP on either side), and
//   - GraphQL over HTTP ÷ the same SQL over HTTP from a bare node:http
//     server in its own process (the same hop, JSON and gzip on both sides).
// The strict ratio, GraphQL over HTTP ÷ the SQL in process, is printed too,
// with the floor any HTTP server puts under it on the machine: the bare
// server's own ratio, SQL over HTTP ÷ SQL in process. Why this reading:
// README › GraphQL API › Speed.
import { percentile } from './bench-database.ts';

/** One question's samples (ms), timed in the same rounds. */
export type FourWays = {
  graphqlOverHttp: number[];
  sqlInProcess: number[];
  sqlOverHttp: number[];
  graphqlInProcess: number[];
};

const p50 = (samples: number[]) => percentile(samples, 50);
const p95 = (samples: number[]) => percentile(samples, 95);
const times = (value: number) => `${value.toFixed(2)}×`;

/** The ratios at p50 and p95, and whether the target holds (both like-with-like ratios at p50). */
export function targetVerdict(ways: FourWays, target: number) {
  const pair = (ours: number[], theirs: number[]) => ({ p50: p50(ours) / p50(theirs), p95: p95(ours) / p95(theirs) });
  const inProcess = pair(ways.graphqlInProcess, ways.sqlInProcess);
  const overHttp = pair(ways.graphqlOverHttp, ways.sqlOverHttp);
  const strict = pair(ways.graphqlOverHttp, ways.sqlInProcess);
  const httpFloor = pair(ways.sqlOverHttp, ways.sqlInProcess);
  return { inProcess, overHttp, strict, httpFloor, met: inProcess.p50 <= target && overHttp.p50 <= target };
}

/** The verdict as the benches print it, under the four ways' own lines. */
export function verdictLines(ways: FourWays, target: number, label = 'target', indent = '  '): string[] {
  const v = targetVerdict(ways, target);
  const both = (r: { p50: number; p95: number }) => `p50 ${times(r.p50)} (p95 ${times(r.p95)})`;
  return [
    `${indent}${label} ≤ ${target}×, GraphQL ÷ the SQL served the same way: ${v.met ? 'MET' : 'MISSED'}`,
    `${indent}  in process ÷ in process         ${both(v.inProcess)}${v.inProcess.p50 <= target ? '' : '  over the target'}`,
    `${indent}  over HTTP ÷ over HTTP           ${both(v.overHttp)}${v.overHttp.p50 <= target ? '' : '  over the target'}`,
    `${indent}strict ratio, GraphQL over HTTP ÷ SQL in process: ${both(v.strict)}; the bare HTTP server alone, SQL over HTTP ÷ SQL in process: ${both(v.httpFloor)}`,
  ];
}
