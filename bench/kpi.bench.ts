// npm run bench:kpi — the KPI engine on about 1M complaints (BENCH_DATABASE_URL
// reuses a seeded database; KPI_BENCH_SCALE=10 builds ~10M, which takes long):
//   - the management overview: headline KPIs for the last 12 months by month,
//     by category group and by city, each with its previous-period comparison;
//   - the overview's backlog: backlog and opening backlog for 12 months by
//     month against the previous month (cumulative sums over the rollups);
//   - an ad-hoc question no rollup covers: p90 resolution by segment × flag
//     over 24 months;
//   - a drill-through page.
// Each through GraphQL (HTTP) next to hand-written SQL over the best table,
// run from this process and served over HTTP by a bare node:http server, and
// the GraphQL operation executed in this process (the last two like with
// like); p50/p95 and the ratios. Targets: overview p50 < 150 ms
// at 10M and ≤ 1.3× SQL; the uncovered query ≤ 1.5× SQL on the facts.
// The server is the deployed one in its own process, KPI cache off.
// Last measured (end of session 10, another machine of the same size; the
// overview's statements keep their plans; README › KPIs): ~1M, two runs:
// overview 1.62–1.68× the SQL in process, 1.24–1.43× over HTTP, 1.01–1.12×
// in process; backlog 2.74–2.78×, 1.79–1.87×, 1.73–1.85×; p90 0.67×;
// drill-through 0.49–0.50×. ~10M, one run of 8 rounds: overview 16.9 ms,
// 1.73×, 1.20×, 1.26×; backlog 2.74×, 1.99×, 1.75×; p90 7.8 s, 0.68×;
// drill-through 0.38×.
// Session 9 (another, slower machine of the same size): ~1M, five runs:
// overview 1.58–1.76× the SQL in process, 1.23–1.39× over HTTP, 1.21–1.38×
// in process; backlog 2.28–3.62×, 1.59–2.30×, 1.43–1.98×; p90 0.60–0.64×;
// drill-through 0.45–0.46×. ~10M,
// three runs: overview 21–34 ms, 1.39–1.54×, 0.99–1.27×, 1.06–1.25×.
// Session 8 (another machine of the same size; ~1M,
// two runs of 30 rounds; README › KPIs): overview 1.62–1.81× the SQL in
// process, 1.43–1.44× over HTTP; backlog 2.51–2.54×, 1.79–1.91×; p90
// 0.64×; drill-through 0.81–0.85×. ~10M, 8 rounds: overview 17.4 ms, 1.61×
// and 1.38×; backlog 1.98× and 1.82×; p90 6.0 s, 0.63×; drill-through 0.57×.
// The operation executed in process against the SQL in process (two later
// runs): overview 1.37–1.55×, backlog 1.74–1.76×.
// Session 7 (~1M): overview 1.78× (14–15 vs 8 ms), backlog 2.57–2.64×, p90
// 0.60–0.62×, drill-through 0.81×; ~10M: overview 17 vs 11 ms (1.51×).
// Session 6's slower machine, ~1M: overview 1.81–1.98×, backlog 2.70–3.07×,
// p90 0.63–0.68×, drill-through 1.66–2.01× (0.52× with the database's
// max_parallel_workers_per_gather = 0); ~10M: overview 30 vs 17 ms (1.72×).
import 'reflect-metadata';
import os from 'node:os';
import { createDataSource } from '../server/db/data-source.ts';
import { createPool } from '../server/db/database.ts';
import { benchDatabase, ONE_MILLION, percentile, timedInTurn } from './bench-database.ts';
import { inProcessOperation } from './in-process-operation.ts';
import { KPI_QUESTIONS, type KpiQuestion } from './kpi-questions.ts';
import { startBareHttpServer, startServerProcess } from './server-process.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const scale = Number(process.env.KPI_BENCH_SCALE ?? 1);
const options = { ...ONE_MILLION, customers: ONE_MILLION.customers * scale };
const log = (line: string) => console.log(line);
const database = await benchDatabase(scale === 1 ? 'clearline_bench' : `clearline_bench_x${scale}`, options, log);
const pool = createPool(database.url, { max: 6 });
// The server as deployed, in its own process (bench/server-process.ts), with
// its KPI cache off and no Overview warmer: every request is computed.
const server = await startServerProcess(database.url, { CLEARLINE_KPI_CACHE_ENTRIES: '0', CLEARLINE_WARM_OVERVIEW_SCOPES: '0' });

async function viaGraphQL(query: string): Promise<void> {
  const body = await server.query(query);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

// Each question four ways, alternating within every round so all see the
// same caches and machine load (each round starting with the next way):
// through GraphQL; by hand-written SQL from this process (what the targets were set against); by the same
// hand-written SQL served over HTTP by a bare node:http server in its own
// process (bench/bare-http-server.ts), which pays the same hop, JSON and
// gzip as GraphQL does; and the GraphQL operation executed in this process
// (bench/in-process-operation.ts: no HTTP, no JSON, as the viewer), next to
// the SQL in process. The last two pairs compare like with like.
const bare = await startBareHttpServer(database.url);
const dataSource = createDataSource(database.url, { poolSize: 6 });
await dataSource.initialize();
async function measure({ name, graphql, handSql, target }: KpiQuestion) {
  const overHttp = () => bare.post('/kpi-sql', { question: name });
  const operation = await inProcessOperation(dataSource, graphql);
  const inProcess = () => operation.run();
  const ways = [() => viaGraphQL(graphql), () => handSql(pool), overHttp, inProcess];
  for (let i = 0; i < 3; i++) for (const way of ways) await way();
  const [g, h, w, e] = (await timedInTurn(ways, ROUNDS)) as [number[], number[], number[], number[]];
  const ms = (samples: number[]) => `p50 ${percentile(samples, 50).toFixed(1).padStart(6)} ms p95 ${percentile(samples, 95).toFixed(1).padStart(6)} ms`;
  const ratio = (ours: number[], theirs: number[]) => {
    const value = percentile(ours, 50) / percentile(theirs, 50);
    return `${value.toFixed(2)}× (${value <= target ? 'met' : 'missed'})`;
  };
  console.log(`${name} (target ≤ ${target}×)`);
  console.log(`  GraphQL over HTTP               ${ms(g)}`);
  console.log(`  hand-written SQL, in process    ${ms(h)}   GraphQL over HTTP ÷ this ${ratio(g, h)}`);
  console.log(`  hand-written SQL over HTTP      ${ms(w)}   GraphQL over HTTP ÷ this ${ratio(g, w)}`);
  console.log(`  GraphQL executed in process     ${ms(e)}   this ÷ SQL in process ${ratio(e, h)}`);
}

// The load average says how busy the machine was: on a shared machine, compare ratios more than times.
console.log(`KPI benchmark on ${options.customers.toLocaleString('en-US')} customers (~${(scale).toString()}M complaints), ${ROUNDS} rounds; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`);
for (const question of KPI_QUESTIONS) await measure(question);

await bare.stop();
await dataSource.destroy();
await server.stop();
await pool.end();
await database.dispose();
