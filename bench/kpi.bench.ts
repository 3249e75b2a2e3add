// npm run bench:kpi — the KPI engine (issue 4) on about 1M complaints
// (BENCH_DATABASE_URL reuses a seeded database; KPI_BENCH_SCALE=10 builds
// ~10M, which takes long):
//   - the management overview: headline KPIs for the last 12 months by month,
//     by category group and by city, each with its previous-period comparison;
//   - the overview's backlog: backlog and opening backlog for 12 months by
//     month against the previous month (cumulative sums over the rollups);
//     issue 4 sets it no target, the bench holds it to the overview's 1.3×;
//   - an ad-hoc question no rollup covers: p90 resolution by segment × flag
//     over 24 months;
//   - a drill-through page (no target in the issue; held to 1.5×).
// Each four ways in the same rounds, after the four have run untimed for up
// to 10 s (bench-database.ts warmUp: a server's first couple of hundred
// answers are slower): through GraphQL over HTTP (the server as
// deployed, in its own process, KPI cache off), hand-written SQL over the
// best table run from this process, the same SQL served over HTTP by a bare
// node:http server, and the GraphQL operation executed in this process;
// p50/p95 and the verdict on the target read as GraphQL ÷ the SQL served the
// same way (bench/target-verdict.ts), with the strict ratio beside it.
// Targets (issue 4): overview p50 < 150 ms at 10M and ≤ 1.3× SQL; the
// uncovered query ≤ 1.5× SQL on the facts.
// Measured figures, this machine's and earlier sessions': README › KPIs ›
// Speed, and docs/speed-history.md.
import 'reflect-metadata';
import os from 'node:os';
import { createDataSource } from '../server/db/data-source.ts';
import { createPool } from '../server/db/database.ts';
import { benchDatabase, ONE_MILLION, percentile, timedInTurn, warmUp } from './bench-database.ts';
import { inProcessOperation } from './in-process-operation.ts';
import { KPI_QUESTIONS, type KpiQuestion } from './kpi-questions.ts';
import { startBareHttpServer, startServerProcess } from './server-process.ts';
import { verdictLines } from './target-verdict.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
// Each question's ways run untimed first, for BENCH_WARMUP_SECONDS (default 10; at least 3 rounds,
// at most 200): see warmUp. BENCH_WARMUP_SECONDS=0 warms for 3 rounds only, as before session 12.
const WARM_UP = { seconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 10), minRounds: 3, maxRounds: 200 };
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
// through GraphQL over HTTP; by hand-written SQL from this process; by the
// same hand-written SQL served over HTTP by a bare node:http server in its
// own process (bench/bare-http-server.ts), which pays the same hop, JSON and
// gzip as GraphQL does; and the GraphQL operation executed in this process
// (bench/in-process-operation.ts: no HTTP, no JSON, as the viewer). The
// target compares each GraphQL way with the SQL served the same way
// (bench/target-verdict.ts).
const bare = await startBareHttpServer(database.url);
const dataSource = createDataSource(database.url, { poolSize: 6 });
await dataSource.initialize();
async function measure({ name, graphql, handSql, target, p50Under }: KpiQuestion) {
  const overHttp = () => bare.post('/kpi-sql', { question: name });
  const operation = await inProcessOperation(dataSource, graphql);
  const inProcess = () => operation.run();
  const ways = [() => viaGraphQL(graphql), () => handSql(pool), overHttp, inProcess];
  const warmUpRounds = await warmUp(ways, WARM_UP);
  const [graphqlOverHttp, sqlInProcess, sqlOverHttp, graphqlInProcess] = (await timedInTurn(ways, ROUNDS)) as [number[], number[], number[], number[]];
  const ms = (samples: number[]) => `p50 ${percentile(samples, 50).toFixed(1).padStart(6)} ms p95 ${percentile(samples, 95).toFixed(1).padStart(6)} ms`;
  console.log(`${name} (${target.source === 'issue' ? `target ≤ ${target.ratio}×, issue 4` : `our own goal ≤ ${target.ratio}×; issue 4 sets none`}; after ${warmUpRounds} rounds of warm-up)`);
  console.log(`  GraphQL over HTTP               ${ms(graphqlOverHttp)}`);
  console.log(`  hand-written SQL, in process    ${ms(sqlInProcess)}`);
  console.log(`  hand-written SQL over HTTP      ${ms(sqlOverHttp)}`);
  console.log(`  GraphQL executed in process     ${ms(graphqlInProcess)}`);
  for (const line of verdictLines({ graphqlOverHttp, sqlInProcess, sqlOverHttp, graphqlInProcess }, target.ratio, target.source === 'issue' ? 'target' : 'our goal')) console.log(line);
  if (p50Under?.atScale === scale) {
    const p50 = percentile(graphqlOverHttp, 50);
    console.log(`  target p50 < ${p50Under.ms} ms at ~${scale}M: ${p50 < p50Under.ms ? 'MET' : 'MISSED'} (${p50.toFixed(1)} ms over HTTP)`);
  }
}

// The load average says how busy the machine was: on a shared machine, compare ratios more than times.
console.log(`KPI benchmark on ${options.customers.toLocaleString('en-US')} customers (~${(scale).toString()}M complaints), ${ROUNDS} rounds; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`);
// KPI_BENCH_QUESTIONS=overview,backlog asks only the questions whose names start so (at ~10M the p90 alone takes minutes).
const only = process.env.KPI_BENCH_QUESTIONS?.split(',').map((prefix) => prefix.trim()).filter(Boolean);
for (const question of KPI_QUESTIONS) if (!only || only.some((prefix) => question.name.startsWith(prefix))) await measure(question);

await bare.stop();
await dataSource.destroy();
await server.stop();
await pool.end();
await database.dispose();
