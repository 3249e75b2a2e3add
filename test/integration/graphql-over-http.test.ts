import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GZIP_ON_LOOP_UP_TO_BYTES } from '../../server/http/graphql-http.ts';
import { startTestApi, TEST_ADMIN, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

// The GraphQL-over-HTTP spec, checked by the audit suite of the graphql-http
// package: every MUST passes. (SHOULDs are reported by the suite, not enforced.)
describe('GraphQL over HTTP', () => {
  let db: TestDatabase;
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi(db.url);
    token = await api.tokenFor(TEST_ADMIN);
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  // As a signed-in administrator: some audits introspect, which anonymous requests may not outside development.
  const signedInFetch: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
  const audits = serverAudits({ url: () => api.url, fetchFn: signedInFetch });
  const musts = audits.filter((audit) => audit.name.startsWith('MUST'));

  it('has MUST audits to run', () => {
    expect(musts.length).toBeGreaterThan(10);
  });

  it.each(musts.map((audit) => [audit.name, audit] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    expect(result.status, 'reason' in result ? String(result.reason) : '').toBe('ok');
  });

  // GraphQL answers are compressed by the endpoint itself, in one call, and
  // sent with their length (server/http/graphql-http.ts). Raw node:http
  // here: fetch would inflate the body and hide what travelled.
  describe('response compression', () => {
    function post(query: string, acceptEncoding: string): Promise<RawResponse> {
      return new Promise((resolve, reject) => {
        const request = http.request(api.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'accept-encoding': acceptEncoding },
        }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
        });
        request.on('error', reject);
        request.end(JSON.stringify({ query }));
      });
    }

    // Several kilobytes: every type's name and description.
    const LARGE = '{ __schema { types { name description } } }';

    it('gzips a large answer for a client that takes gzip, with its compressed length, losing nothing', async () => {
      const plain = await post(LARGE, 'identity');
      const zipped = await post(LARGE, 'gzip, deflate, br');
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.length).toBeGreaterThan(4096);
      expect(Number(plain.headers['content-length'])).toBe(plain.body.length);

      expect(zipped.status).toBe(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toMatch(/Accept-Encoding/i);
      expect(zipped.headers['transfer-encoding']).toBeUndefined();
      expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
      expect(zipped.body.length).toBeLessThan(plain.body.length / 2);

      // Negotiated, not matched as text: gzip refused by its q-value, then taken again.
      expect((await post(LARGE, 'gzip;q=0, deflate')).headers['content-encoding']).toBeUndefined();
      expect((await post(LARGE, 'gzip, deflate, br')).headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(zipped.body).toString('utf8')).toBe(plain.body.toString('utf8'));
    });

    it('gzips an answer too large to compress on the event loop (on the threadpool) the same way', async () => {
      // Introspection under several aliases: well over GZIP_ON_LOOP_UP_TO_BYTES.
      const huge = `{ ${Array.from({ length: 12 }, (_, i) => `s${i}: __schema { types { name description fields { name description args { name description } } } }`).join(' ')} }`;
      const plain = await post(huge, 'identity');
      const zipped = await post(huge, 'gzip');
      expect(plain.status, plain.body.toString('utf8').slice(0, 300)).toBe(200);
      expect(plain.body.length).toBeGreaterThan(GZIP_ON_LOOP_UP_TO_BYTES);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
      expect(gunzipSync(zipped.body).toString('utf8')).toBe(plain.body.toString('utf8'));
    });

    it('sends a small answer as it is', async () => {
      const small = await post('{ __typename }', 'gzip');
      expect(small.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(small.body.toString('utf8'))).toEqual({ data: { __typename: 'Query' } });
      expect(Number(small.headers['content-length'])).toBe(small.body.length);
    });

    it('compresses error answers too, with their status', async () => {
      // An unknown field, repeated past the size threshold: a 400 with one error per field.
      const wrong = `{ ${Array.from({ length: 40 }, (_, i) => `f${i}: noSuchField`).join(' ')} }`;
      const zipped = await post(wrong, 'gzip');
      expect(zipped.status).toBe(400);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      const body = JSON.parse(gunzipSync(zipped.body).toString('utf8')) as { errors: { message: string }[] };
      expect(body.errors).toHaveLength(40);
      expect(body.errors[0]!.message).toMatch(/noSuchField/);
    });
  });
});
