import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.ts';

// The compression middleware serves every route but /graphql, whose answers
// the endpoint compresses itself (server/http/graphql-http.ts): wrapping them
// as well would only cost time.
const BODY = 'x'.repeat(4096);
let base: string;
let close: () => void;

beforeAll(async () => {
  const app = createApp({ pool: undefined, databaseDescription: 'none', graphql: (_req, res) => void res.type('text/plain').send(BODY) });
  app.get('/elsewhere', (_req, res) => void res.type('text/plain').send(BODY));
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

function get(pathname: string): Promise<{ encoding: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(`${base}${pathname}`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = response.headers['content-encoding'];
        resolve({ encoding, body: (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8') });
      });
    }).on('error', reject);
  });
}

describe('response compression outside GraphQL', () => {
  it('compresses other routes', async () => {
    expect(await get('/elsewhere')).toEqual({ encoding: 'gzip', body: BODY });
  });

  it('leaves /graphql to the endpoint', async () => {
    expect(await get('/graphql')).toEqual({ encoding: undefined, body: BODY });
    expect(await get('/graphql?query=%7B__typename%7D')).toEqual({ encoding: undefined, body: BODY });
  });
});
