// npm run bench:api — the nested complaint page of the API issue (issue 3) on
// about 1M complaints, four ways timed in the same rounds: through GraphQL
// over HTTP (the server as deployed, in its own process:
// bench/server-process.ts); by hand-written SQL over pg run from this
// process; the same SQL served over HTTP by a bare node:http server in its
// own process (bench/bare-http-server.ts: the same hop, JSON and gzip as
// GraphQL); and the GraphQL operation executed in this process. Prints
// p50/p95 and the verdict on the target, GraphQL at most 1.5× the
// hand-written SQL, read as GraphQL ÷ the SQL served the same way
// (bench/target-verdict.ts), with the strict ratio beside it.
// Then where the difference goes: the same operation behind the bare server,
// the same request to the endpoint in this process, the operation executed
// in process with and without the per-statement viewer transaction, and an
// empty request.
// Measured figures, this machine's and earlier sessions': README › GraphQL
// API › Speed, and docs/speed-history.md.
import { createPool } from '../server/db/database.ts';
import { startTestApi } from '../test/support/test-api.ts';
import { benchDatabase, ONE_MILLION, percentile, timedInTurn } from './bench-database.ts';
import { inProcessOperation } from './in-process-operation.ts';
import { handWrittenNestedPage, NESTED_PAGE } from './nested-page.ts';
import { startBareHttpServer, startServerProcess } from './server-process.ts';
import { verdictLines } from './target-verdict.ts';

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

// The GraphQL operation executed in this process as the endpoint runs it
// (each statement in its viewer transaction under row-level security), or
// as the pool's owner (no viewer transaction: what that transaction costs).
const nestedPage = await inProcessOperation(api.dataSource, NESTED_PAGE, 'NestedPage');
async function inProcess(asViewer: boolean): Promise<number> {
  return (await nestedPage.run<{ complaints: { edges: unknown[] } }>({ first: PAGE }, { asViewer })).complaints.edges.length;
}

// Alternating within every round (each round starting with the next way), so all see the same cache and machine load.
const headline = [viaGraphQL, viaHandWrittenSql, () => viaBareServer('/sql'), () => inProcess(true)].map(checked);
await timedInTurn(headline, WARM_UP);
const [graphqlOverHttp, sqlInProcess, sqlOverHttp, graphqlInProcess] = (await timedInTurn(headline, ROUNDS)) as [number[], number[], number[], number[]];
const row = (name: string, samples: number[]) =>
  `${name.padEnd(44)} p50 ${percentile(samples, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(samples, 95).toFixed(1).padStart(7)} ms`;
console.log(`Nested page of ${PAGE} complaints (customer, category+group, org unit, channel, surveys, customer's 5 newest complaints), ${ROUNDS} rounds:`);
console.log(row('GraphQL over HTTP', graphqlOverHttp));
console.log(row('hand-written SQL (pg), in process', sqlInProcess));
console.log(row('hand-written SQL over HTTP (bare server)', sqlOverHttp));
console.log(row('GraphQL executed in process', graphqlInProcess));
for (const line of verdictLines({ graphqlOverHttp, sqlInProcess, sqlOverHttp, graphqlInProcess }, 1.5, 'target', '')) console.log(line);

// Where the difference goes: the operation behind the bare server, the
// endpoint in this process, the operation executed in process with and
// without the viewer transaction, next to a request that runs no resolver
// at all (HTTP, authentication, Apollo's pipeline, JSON).
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
