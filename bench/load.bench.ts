// npm run bench:load — the server under load with autocannon: the dashboard
// Overview's two requests (dashboard/src/queries/overview.query.ts) with the
// filters managers use, then an Explorer-style ad-hoc mix (random KPIs ×
// dimensions × grain × month ranges). Each mix runs BENCH_CONNECTIONS
// connections (default 50) for BENCH_DURATION_S seconds (default 60) against
// the real server (node server/main.ts, production settings) in a child
// process on BENCH_DATABASE_URL (default: a database seeded with ~1M
// complaints, as bench:kpi). Requests carry an access token minted with the
// server's CLEARLINE_JWT_SECRET (an administrator over the whole tree).
// Prints requests/s, latency p50/p95/p99, errors, the server's peak RSS and
// its RSS trend after warm-up (sampled every second);
// the Overview runs first with a cold KPI cache, and last with a warm one.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { PROJECT_ROOT } from '../server/config.ts';
import { toGlobalId } from '../server/graphql/relay/global-id.ts';
import { benchDatabase, ONE_MILLION } from './bench-database.ts';
import { startServerProcess } from './server-process.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 60);
const log = (line: string) => console.log(line);

const database = await benchDatabase('clearline_bench', ONE_MILLION, log);
const lastDay = await (async () => {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ day: string }>(`SELECT to_char(max(received_date), 'YYYY-MM-DD') AS day FROM fact_complaint`);
    return rows[0]!.day;
  } finally {
    await client.end();
  }
})();

// ---- the server, as deployed (production: JSON logs, a fixed JWT secret) ----
const server = await startServerProcess(database.url);
const { url, token } = server;

// ---- the request mixes ----
const overviewSource = await readFile(path.join(PROJECT_ROOT, 'dashboard/src/queries/overview.query.ts'), 'utf8');
const OVERVIEW_QUERIES = [...overviewSource.matchAll(/graphql\(`([\s\S]*?)`\)/g)].map((m) => m[1]!);
if (OVERVIEW_QUERIES.length !== 2) throw new Error(`expected the Overview's two queries in overview.query.ts, found ${OVERVIEW_QUERIES.length}`);

const day = (d: Date) => d.toISOString().slice(0, 10);
const monthStart = (monthsBack: number) => {
  const last = new Date(`${lastDay}T00:00:00Z`);
  return new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - monthsBack, 1));
};
const monthEnd = (monthsBack: number) => new Date(monthStart(monthsBack - 1).getTime() - 86_400_000);
const range = (fromBack: number, toBack: number) => ({ from: day(monthStart(fromBack)), to: day(monthEnd(toBack)) });

const cities = await (async () => {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<{ id: string }>(`SELECT org_unit_id::text AS id FROM dim_org_unit WHERE level = 'CITY' ORDER BY 1`)).rows.map((r) => toGlobalId('OrgUnit', r.id));
  } finally {
    await client.end();
  }
})();

/** The Overview's variables for the presets managers use: last 12 months, last month, a city's last 12 months. */
function overviewBodies(): string[] {
  const presets = [
    { filter: { dateRange: range(12, 1) }, trendFilter: { dateRange: range(12, 1) }, totalsGrain: null, leagueLevel: 'CITY' },
    { filter: { dateRange: range(1, 1) }, trendFilter: { dateRange: range(12, 1) }, totalsGrain: 'MONTH', leagueLevel: 'CITY' },
    ...cities.slice(0, 4).map((id) => ({ filter: { dateRange: range(12, 1), orgUnitIds: [id] }, trendFilter: { dateRange: range(12, 1), orgUnitIds: [id] }, totalsGrain: null, leagueLevel: 'COUNTY' })),
  ];
  return presets.flatMap((variables) => OVERVIEW_QUERIES.map((query) => JSON.stringify({ query, variables: { ...variables, assessed: true } })));
}

const EXPLORER_KPIS = ['complaints', 'satisfactionRate', 'repeatComplaintRate', 'slaComplianceRate', 'complaintsPer10kCustomers', 'escalationRate', 'surveyResponseRate', 'medianResolutionHours', 'p90ResolutionHours', 'firstContactResolutionRate'];
const EXPLORER_DIMENSIONS = ['CATEGORY_GROUP', 'CATEGORY', 'CHANNEL', 'SEGMENT', 'ORG_UNIT'];
const EXPLORER_GRAINS = [null, 'MONTH', 'QUARTER'];

/** Ad-hoc questions, fixed by a seed so runs compare: 1–3 KPIs by 1–2 dimensions, a grain, 1–12 months. */
function explorerBodies(count: number): string[] {
  let state = 20_240_101;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    const kpis = [...new Set([pick(EXPLORER_KPIS), pick(EXPLORER_KPIS), pick(EXPLORER_KPIS)].slice(0, 1 + Math.floor(random() * 3)))];
    let groupBy = [...new Set([pick(EXPLORER_DIMENSIONS), pick(EXPLORER_DIMENSIONS)].slice(0, 1 + Math.floor(random() * 2)))];
    if (groupBy.includes('CATEGORY') && groupBy.includes('CATEGORY_GROUP')) groupBy = ['CATEGORY']; // the API refuses both at once
    const grain = pick(EXPLORER_GRAINS);
    const months = 1 + Math.floor(random() * 12);
    const end = 1 + Math.floor(random() * 6);
    const query = `query Explorer($filter: KpiFilter!) { kpis(filter: $filter, groupBy: [${groupBy.join(', ')}]${grain ? `, grain: ${grain}` : ''}) { key { period { label } orgUnit { id } category { id } channel { code } segment } ${kpis.join(' ')} } }`;
    bodies.push(JSON.stringify({ query, variables: { filter: { dateRange: range(end + months - 1, end) } } }));
  }
  return bodies;
}

async function rssMb(field: 'VmHWM' | 'VmRSS'): Promise<number> {
  const status = await readFile(`/proc/${server.process.pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
}
const peakRssMb = () => rssMb('VmHWM');

/**
 * The server's resident memory, sampled every second while a mix runs, so
 * "flat after warm-up" is a figure: the first fifth of a mix is warm-up, and
 * the least-squares slope over the rest says whether memory still grows.
 */
async function sampleRss<T>(during: Promise<T>): Promise<{ value: T; samples: number[] }> {
  const samples: number[] = [];
  const timer = setInterval(() => void rssMb('VmRSS').then((mb) => samples.push(mb), () => {}), 1000);
  try {
    return { value: await during, samples };
  } finally {
    clearInterval(timer);
  }
}

function memoryLine(samples: number[]): string {
  const settled = samples.slice(Math.floor(samples.length / 5));
  if (settled.length < 5) return 'memory: too few samples';
  const n = settled.length;
  const meanX = (n - 1) / 2;
  const meanY = settled.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  settled.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  const slopePerMinute = (num / den) * 60;
  return `RSS after warm-up ${settled[0]!.toFixed(0)} MB → end ${settled.at(-1)!.toFixed(0)} MB (min ${Math.min(...settled).toFixed(0)}, max ${Math.max(...settled).toFixed(0)}), trend ${slopePerMinute >= 0 ? '+' : ''}${slopePerMinute.toFixed(1)} MB/min`;
}

async function run(name: string, bodies: string[]) {
  let graphqlErrors = 0;
  const codes: Record<string, number> = {};
  let next = 0;
  const result = await autocannon({
    url: `${url}/graphql`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    timeout: 60,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [{
      method: 'POST',
      // Each request takes the next body of the mix, round robin over all connections.
      setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
      onResponse: (status, body) => {
        if (!body.includes('"errors"')) return;
        graphqlErrors++;
        try {
          for (const error of (JSON.parse(body) as { errors?: { message: string; extensions?: { code?: string } }[] }).errors ?? []) {
            const code = error.extensions?.code ?? 'UNKNOWN';
            if (!codes[code]) log(`  first ${code} (status ${status}): ${error.message.slice(0, 200)}`);
            codes[code] = (codes[code] ?? 0) + 1;
          }
        } catch {
          codes.UNPARSEABLE = (codes.UNPARSEABLE ?? 0) + 1;
        }
      },
    }],
  });
  return { name, result, graphqlErrors, codes };
}

async function measured(name: string, bodies: string[]) {
  const { value, samples } = await sampleRss(run(name, bodies));
  report(value, await peakRssMb());
  log(`${''.padEnd(20)} ${memoryLine(samples)}`);
}

function report({ name, result, graphqlErrors, codes }: Awaited<ReturnType<typeof run>>, rssMb: number) {
  const l = result.latency;
  const p95 = interpolate(l.p90, l.p97_5, (95 - 90) / (97.5 - 90));
  log(`${name.padEnd(20)} ${result.requests.total} requests in ${result.duration.toFixed(0)} s: ${result.requests.average.toFixed(1)} req/s | latency p50 ${l.p50} ms, p95 ≈${p95.toFixed(0)} ms, p99 ${l.p99} ms, max ${l.max} ms`
    + ` | errors: ${result.errors} socket, ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${graphqlErrors} GraphQL${graphqlErrors ? ` ${JSON.stringify(codes)}` : ''} | server peak RSS ${rssMb.toFixed(0)} MB`);
}

/**
 * Waits until the server has finished the requests a run left in flight
 * (autocannon stops sending, the server keeps computing): its API pool idle
 * and nobody waiting, read from /metrics (allowed from loopback). So each mix
 * starts on an idle server.
 */
async function quiesce(deadlineMs = 180_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const gauge = (state: string) => Number(new RegExp(`^clearline_db_pool_connections\\{pool="api",state="${state}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    if (gauge('waiting') === 0 && gauge('total') === gauge('idle')) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  log('  (the server was still busy after 3 minutes; measuring anyway)');
}

// autocannon reports p90 and p97.5, not p95: interpolated between them (said as ≈).
const interpolate = (a: number, b: number, t: number) => a + (b - a) * t;

try {
  log(`Server on ${url} (pid ${server.process.pid}), data up to ${lastDay}; ${CONNECTIONS} connections × ${DURATION_S} s per mix.`);
  await measured('overview', overviewBodies());
  await quiesce();
  await measured('explorer', explorerBodies(400));
  await quiesce();
  // The Overview again: its answers are now in the KPI cache (the data has not changed), as on a busy morning.
  await measured('overview, cache warm', overviewBodies());
  const { lines, errors } = server.logLines();
  log(`Server wrote ${lines} log lines, ${errors} at level error or above.`);
} finally {
  await server.stop();
  await database.dispose();
}
