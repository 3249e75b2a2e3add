import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../server/auth/access-token.ts';
import { loadAuthConfig } from '../../server/auth/auth-config.ts';
import { startServer } from '../../server/boot.ts';
import { loadConfig } from '../../server/config.ts';
import { Lifecycle } from '../../server/lifecycle.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// SIGTERM's drain (main.ts calls lifecycle.shutdown): a request in flight when
// it starts still finishes, with the database it needs, and only then do the
// pools and the database stop. The request is an upload whose body the test
// holds open, so "in flight" needs no timing.

const SECRET = 'drain-test-secret-0123456789-0123456789-abcdef';
const ROWS_FIRST = 6_000;

describe('draining on shutdown', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterAll(() => db?.drop());

  it('lets an in-flight request finish before the database stops, and refuses new connections meanwhile', async () => {
    const lifecycle = new Lifecycle();
    const config = loadConfig({ DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', CLEARLINE_DEMO_CUSTOMERS: '300', CLEARLINE_DEMO_MONTHS: '1', CLEARLINE_JWT_SECRET: SECRET });
    const { url } = await startServer(config, lifecycle, () => {});
    try {
    const address = new URL(url.replace('localhost', '127.0.0.1'));
    const auth = loadAuthConfig({ jwtSecret: SECRET, production: false, development: false }, () => {});
    const { token } = await signAccessToken(auth, { id: 'drain-admin', displayName: 'Drain test', roles: ['ADMIN'], orgUnitScope: ['/'] });
    expect((await fetch(`http://127.0.0.1:${address.port}/readyz`)).status).toBe(200);

    // The upload starts: headers and the CSV header line, body held open.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port: address.port, method: 'POST', path: '/imports/channels', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      // More than the 64 kB the import sniffs for the encoding, so it starts before the body ends.
      request.write(`code,name_zh,name_en\n${'FAX,传真,Fax\n'.repeat(ROWS_FIRST)}`);
      (globalThis as { finishUpload?: () => void }).finishUpload = () => request.end('FAX,传真,Fax\n');
    });
    // Wait until the server holds the upload (its import run is recorded).
    await expect.poll(async () => (await db.pool.query(`SELECT count(*)::int AS n FROM import_run WHERE kind = 'channels'`)).rows[0].n, { timeout: 20_000 }).toBe(1);

    const stopped = lifecycle.shutdown(15_000);
    // Draining: new connections are refused ...
    await expect.poll(() => fetch(`http://127.0.0.1:${address.port}/readyz`).then(() => 'answered', () => 'refused'), { timeout: 10_000 }).toBe('refused');
    // ... while the database is still there for the request in flight.
    expect((await db.pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    (globalThis as { finishUpload?: () => void }).finishUpload!();
    const { status, body } = await answer;
    expect(status).toBe(200);
    // Every row arrived and was handled (FAX is not an allowed channel code: quarantined, not lost).
    expect(JSON.parse(body)).toMatchObject({ kind: 'channels', rowsRead: ROWS_FIRST + 1, quarantined: ROWS_FIRST + 1 });
    await stopped;
    const { rows } = await db.pool.query(`SELECT status FROM import_run WHERE kind = 'channels'`);
    expect(rows).toEqual([{ status: 'FINISHED' }]);
    } finally {
      await lifecycle.shutdown(15_000);
    }
  });
});
