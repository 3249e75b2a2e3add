// npm run bench:api — the nested complaint page of the API issue through
// GraphQL (HTTP, Apollo, resolvers, DataLoaders) next to the same data fetched
// by hand-written SQL over pg, on about 1M complaints: the SQL run from this
// process, and the same SQL served over HTTP by a bare node:http server in its
// own process (bench/bare-http-server.ts), which pays the same process hop,
// JSON and gzip as GraphQL (like with like). Prints p50/p95 and both ratios.
// Target: GraphQL at most 1.5× the hand-written SQL.
// GraphQL is the server as deployed, in its own process (bench/server-process.ts).
// Then where the difference goes: the same operation behind the bare server,
// the same request to the endpoint in this process, the operation executed
// in process (no HTTP, no JSON) with and without the per-statement viewer
// transaction, and an empty request.
// Last measured (end of session 10, another machine of the same size, 200
// rounds, three runs, alone; README › GraphQL API): 8.5–10.9 ms against
// 4.6–5.4 ms for the SQL in process (1.78–2.02×: missed; the SQL behind the
// bare server alone is 1.54–1.63× the SQL in process here) and 7.1–8.5 ms
// for the SQL over HTTP (1.19–1.29×: met).
// Session 9 (a slower machine of the same size, four runs): 10.2–14.7 ms
// against 7.6–9.5 ms for the SQL in process (1.34–1.55×: met in three runs of four)
// and 9.4–12.3 ms for the SQL over HTTP (1.09–1.20×: met).
// Session 8: 7.1–8.7 ms against 4.0–4.8 ms for the SQL in process
// (1.69–1.82×: missed) and 5.7–6.9 ms for the SQL over HTTP (1.18–1.26×:
// met); executed in process 4.2–4.3 ms against 4.5–4.7 ms (0.91–0.96×).
// Session 7: 1.74–1.96× against the SQL in process; session 6's slower
// machine 1.35–1.66×; 2.8× (session 3), 2.26× (session 4), 1.84–2.01×
// (session 5, in-process harness), 2.43× at the end of session 5.
import { createPool } from '../server/db/database.ts';
import { startTestApi } from '../test/support/test-api.ts';
import { benchDatabase, ONE_MILLION, percentile, timedInTurn } from './bench-database.ts';
import { inProcessOperation } from './in-process-operation.ts';
import { handWrittenNestedPage, NESTED_PAGE } from './nested-page.ts';
import { startBareHttpServer, startServerProcess } from './server-process.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const WARM_UP = 20;
const PAGE = 100;

const log = (line: string) => console.log(line);
const database = await benchDatabase('clearline_bench', ONE_MILLION, log);
const pool = createPool(database.url, { max: 10 });
// The rate limit stays on (its cost is part of a request), high enough for the rounds.
// The server as deployed, in its own process (bench/server-process.ts); the
// in-process endpoint below only serves the breakdown of where time goes.
const server = await startServerProcess(database.url, { CLEARLINE_WARM_OVERVIEW_SCOPES: '0' });
const api = await startTestApi(database.url, { poolSize: 10, security: { requestsPerMinute: 1_000_000 } });

async function viaGraphQL(): Promise<number> {
  const body = await server.query<{ complaints: { edges: unknown[] } }>(NESTED_PAGE, { first: PAGE });
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!.complaints.edges.length;
}

/** The same request to the endpoint running in the bench's own process (client and server on one event loop). */
async function viaInProcessHttp(): Promise<number> {
  const body = await api.query<{ complaints: { edges: unknown[] } }>(NESTED_PAGE, { first: PAGE });
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!.complaints.edges.length;
}

/** The same data as directly as SQL gets it (bench/nested-page.ts). */
async function viaHandWrittenSql(): Promise<number> {
  return (await handWrittenNestedPage(pool, PAGE)).page.length;
}

/** `run`, failing unless it returned the page's rows: each way must do the whole work. */
const checked = (run: () => Promise<number>) => async () => {
  const rows = await run();
  if (rows !== PAGE) throw new Error(`expected ${PAGE} rows, got ${rows}`);
};

// The hand-written SQL served over HTTP too, by a bare node:http server in
// its own process (bench/bare-http-server.ts): it pays the same process hop,
// JSON and gzip as GraphQL does, so GraphQL is compared like with like.
const bare = await startBareHttpServer(database.url);
async function viaBareServer(route: '/operation' | '/sql'): Promise<number> {
  const body = await bare.post(route, { first: PAGE });
  return route === '/sql' ? body.data.page.length : body.data.complaints.edges.length;
}

// Alternating within every round (each round starting with the next way), so all see the same cache and machine load.
const headline = [viaGraphQL, viaHandWrittenSql, () => viaBareServer('/sql')].map(checked);
await timedInTurn(headline, WARM_UP);
const [graphql, handSql, handSqlOverHttp] = (await timedInTurn(headline, ROUNDS)) as [number[], number[], number[]];
const row = (name: string, samples: number[]) =>
  `${name.padEnd(44)} p50 ${percentile(samples, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(samples, 95).toFixed(1).padStart(7)} ms`;
const ratio = (samples: number[]) => {
  const [p50, p95] = [percentile(graphql, 50) / percentile(samples, 50), percentile(graphql, 95) / percentile(samples, 95)];
  return `ratio p50 ${p50.toFixed(2)}×  p95 ${p95.toFixed(2)}×  (target ≤ 1.5×: ${p50 <= 1.5 ? 'met' : 'missed'})`;
};
console.log(`Nested page of ${PAGE} complaints (customer, category+group, org unit, channel, surveys, customer's 5 newest complaints), ${ROUNDS} rounds:`);
console.log(row('GraphQL over HTTP', graphql));
console.log(`${row('hand-written SQL (pg), in process', handSql)}   ${ratio(handSql)}`);
console.log(`${row('hand-written SQL over HTTP (bare server)', handSqlOverHttp)}   ${ratio(handSqlOverHttp)}`);

// Where the difference goes: the same compiled operation run in process, as
// the endpoint runs it (each statement in its viewer transaction under
// row-level security), then without that transaction (as the pool's owner:
// what the viewer transaction costs), next to a request that runs no
// resolver at all (HTTP, authentication, Apollo's pipeline, JSON).
const nestedPage = await inProcessOperation(api.dataSource, NESTED_PAGE, 'NestedPage');
async function inProcess(asViewer: boolean): Promise<number> {
  return (await nestedPage.run<{ complaints: { edges: unknown[] } }>({ first: PAGE }, { asViewer })).complaints.edges.length;
}
async function emptyRequest(): Promise<number> {
  const body = await server.query('{ __typename }');
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return PAGE;
}
{
  // The floor must do the same work: the same answer as the deployed server's.
  const [deployed, floor] = [await server.query(NESTED_PAGE, { first: PAGE }), await bare.post('/operation', { first: PAGE })];
  if (JSON.stringify(deployed.data) !== JSON.stringify(floor.data)) throw new Error('the bare server answers differently from the deployed one');
}
const breakdown = {
  deployed: viaGraphQL, bareOperation: () => viaBareServer('/operation'), bareSql: () => viaBareServer('/sql'), sameProcess: viaInProcessHttp,
  viewer: () => inProcess(true), owner: () => inProcess(false), empty: emptyRequest, sql: viaHandWrittenSql,
};
const breakdownWays = Object.values(breakdown).map(checked);
await timedInTurn(breakdownWays, WARM_UP);
const breakdownSamples = await timedInTurn(breakdownWays, ROUNDS);
const parts = Object.fromEntries(Object.keys(breakdown).map((name, i) => [name, breakdownSamples[i]!])) as Record<keyof typeof breakdown, number[]>;
console.log('Where the difference goes (the same page, run again, alternating):');
console.log(row('GraphQL over HTTP, server as deployed', parts.deployed));
console.log(row('the operation behind a bare node:http server', parts.bareOperation));
console.log(row('hand-written SQL behind the bare server', parts.bareSql));
console.log(row('over HTTP, server in the bench process', parts.sameProcess));
console.log(row('executed in process, viewer transactions', parts.viewer));
console.log(row('executed in process, no viewer transaction', parts.owner));
console.log(row('empty request over HTTP ({ __typename })', parts.empty));
console.log(row('hand-written SQL (pg)', parts.sql));

await api.close();
await bare.stop();
await server.stop();
await pool.end();
await database.dispose();
