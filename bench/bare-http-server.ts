// bench:api's floor, in its own process like the deployed server: a bare
// node:http server (no Express, Apollo, authentication, rate limit, request
// log or security headers) answering three routes as JSON, gzipped at level 1
// like the deployed endpoint:
//   POST /operation  the nested page's compiled GraphQL operation, run as the
//                    viewer exactly as the endpoint runs it;
//   POST /sql        the same data by the bench's hand-written SQL;
//   POST /kpi-sql    `{ question }`: the hand-written SQL of one of
//                    bench:kpi's questions (bench/kpi-questions.ts).
// So the benches can tell what any HTTP API costs (/sql against the SQL
// alone), what the operation costs (/operation against /sql), what the
// deployed serving stack adds (the server against /operation), and compare
// GraphQL with hand-written SQL like with like: both answering over HTTP.
// Started by bench/server-process.ts (startBareHttpServer); DATABASE_URL, PORT.
import 'reflect-metadata';
import http from 'node:http';
import zlib from 'node:zlib';
import { createDataSource } from '../server/db/data-source.ts';
import { poolOf } from '../server/db/sql.ts';
import { inProcessOperation } from './in-process-operation.ts';
import { KPI_QUESTIONS } from './kpi-questions.ts';
import { handWrittenNestedPage, NESTED_PAGE } from './nested-page.ts';

const dataSource = createDataSource(process.env.DATABASE_URL!, { poolSize: 10 });
await dataSource.initialize();
const nestedPage = await inProcessOperation(dataSource, NESTED_PAGE, 'NestedPage');

type Body = { first?: number; question?: string };

async function answer(path: string | undefined, { first = 100, question }: Body): Promise<unknown> {
  if (path === '/sql') return { data: await handWrittenNestedPage(poolOf(dataSource), first) };
  if (path === '/kpi-sql') {
    const asked = KPI_QUESTIONS.find((candidate) => candidate.name === question);
    if (!asked) throw new Error(`no KPI question named "${question}"`);
    return { data: await asked.handSql(poolOf(dataSource)) };
  }
  if (path === '/operation') return { data: await nestedPage.run({ first }) };
  throw new Error(`no route ${path}`);
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body;
    answer(req.url, body).then((result) => {
      const gzipped = zlib.gzipSync(Buffer.from(JSON.stringify(result), 'utf8'), { level: 1 });
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': gzipped.length });
      res.end(gzipped);
    }, (error: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error.message);
    });
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('bare server ready'));
process.on('SIGTERM', () => server.close(() => void dataSource.destroy().then(() => process.exit(0))));
