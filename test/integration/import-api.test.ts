import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../server/auth/access-token.ts';
import { ephemeralAuthConfig } from '../../server/auth/auth-config.ts';
import getPort from 'get-port';
import { createPool } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { parseMapping } from '../../server/ingest/import/import-mapping.ts';
import { loadDemoData } from '../../seeds/demo-loader.ts';
import { COMPLAINT_HEADER, CUSTOMER_HEADER, csvText, importCsv } from '../support/import-csv.ts';
import { startTestApi, TEST_ADMIN, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const SX = 'ZJ-SX-YC-01';
/** How every route outside GraphQL answers a failure: GraphQL's error shape. */
type ErrorBody = { errors: { message: string; extensions: { code: string } }[] };

describe('import through the API: upload route, importBatch, quarantine review', () => {
  let db: TestDatabase;
  let api: TestApi;
  let server: Server;
  let uploadUrl: string;
  let adminToken: Record<string, string>;
  let analystToken: Record<string, string>;
  let dir: string;
  const previousDir = process.env.CLEARLINE_IMPORT_DIR;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoData(db.pool, { seed: 4, customers: 200, months: 1, until: '2026-05-01', complaintsPer10k: 60, timeZone: 'Asia/Shanghai' });
    await importCsv(db.pool, csvText([CUSTOMER_HEADER, ['API-1', '钱九', '13900000009', 'ELECTRICITY', 'RESIDENTIAL', 'RESIDENTIAL_TIERED', SX, '2020-01-01']]), { kind: 'customers' });
    const auth = ephemeralAuthConfig();
    api = await startTestApi(db.url, { security: { auth } });
    adminToken = { authorization: `Bearer ${await api.tokenFor(TEST_ADMIN)}` };
    analystToken = { authorization: `Bearer ${await api.tokenFor({ ...TEST_ADMIN, id: 'analyst', roles: ['ANALYST'] })}` };
    server = await new Promise((resolve) => {
      const s = createApp({ pool: db.pool, databaseDescription: 'test', graphql: undefined, routeSecurity: { auth, pool: db.pool } }).listen(0, '127.0.0.1', () => resolve(s));
    });
    uploadUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/imports`;
    dir = await mkdtemp(path.join(os.tmpdir(), 'clearline-import-dir-'));
    process.env.CLEARLINE_IMPORT_DIR = dir;
  });
  afterAll(async () => {
    if (previousDir === undefined) delete process.env.CLEARLINE_IMPORT_DIR;
    else process.env.CLEARLINE_IMPORT_DIR = previousDir;
    await new Promise((resolve) => server?.close(resolve));
    await api?.close();
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  const row = (values: Record<string, string>) => COMPLAINT_HEADER.map((h) => values[h] ?? '');
  const base = { source_system: 'API', account_no: 'API-1', category_code: 'E0101', channel_code: 'HOTLINE_95598', status: 'RECEIVED' };

  it('takes a GBK upload as the raw request body and answers the report', async () => {
    const body = iconv.encode(csvText([COMPLAINT_HEADER, row({ ...base, source_id: 'U-1', received_at: '2026-04-01 09:00', description: '停电' }), row({ ...base, source_id: 'U-2', received_at: '2026-04-01' + ' 25:00' })], '\r\n'), 'gbk');
    const response = await fetch(`${uploadUrl}/complaints?name=upload.csv`, { method: 'POST', headers: { 'content-type': 'text/csv', ...adminToken }, body });
    expect(response.status).toBe(200);
    const report = await response.json();
    expect(report).toMatchObject({ kind: 'complaints', source: 'upload.csv', rowsRead: 2, inserted: 1, quarantined: 1, byReason: { INVALID_FORMAT: 1 } });
    const bad = await fetch(`${uploadUrl}/planets`, { method: 'POST', headers: adminToken, body: 'x' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ errors: [{ message: 'unknown import kind "planets": one of org-units, categories, channels, customers, customer-base, complaints, surveys, exemptions', extensions: { code: 'BAD_USER_INPUT' } }] });
    const noHeader = await fetch(`${uploadUrl}/complaints`, { method: 'POST', headers: adminToken, body: 'a,b\n1,2\n' });
    expect(noHeader.status).toBe(400);
    expect(((await noHeader.json()) as ErrorBody).errors[0]!.message).toMatch(/^the header lacks required column\(s\) source_system, source_id/);
  });

  it('refuses a mapping that is not valid JSON or names unknown keys, by upload and by importBatch alike, loading nothing', async () => {
    const before = (await db.pool.query('SELECT count(*)::int AS n FROM import_run')).rows[0].n;
    const body = csvText([COMPLAINT_HEADER, row({ ...base, source_id: 'M-1', received_at: '2026-04-01 09:00' })]);
    const upload = (mapping: string) => fetch(`${uploadUrl}/complaints?mapping=${encodeURIComponent(mapping)}`, { method: 'POST', headers: adminToken, body });
    const broken = await upload('{"columns": ');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as ErrorBody).errors[0]!.message).toMatch(/^mapping: not valid JSON \(.+\)$/);
    const unknown = await upload('{"colums": {}}');
    expect(await unknown.json()).toEqual({ errors: [{ message: 'mapping: unknown key(s) colums (allowed: columns, values, defaults, encoding)', extensions: { code: 'BAD_USER_INPUT' } }] });

    await writeFile(path.join(dir, 'mapped.csv'), body);
    const viaGraphql = await api.query(`mutation($m: String) { importBatch(kind: COMPLAINTS, serverPath: "mapped.csv", mapping: $m) { inserted } }`, { m: '{"columns": ' });
    expect(viaGraphql.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(viaGraphql.errors?.[0]?.message).toMatch(/^mapping: not valid JSON \(.+\)$/);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM import_run')).rows[0].n).toBe(before);
  });

  it('answers 503 DATABASE_UNAVAILABLE, not 500, when the database cannot be reached during an upload', async () => {
    const auth = ephemeralAuthConfig();
    // A pool whose server is gone: a port that was just free and has nothing listening.
    const deadPort = await getPort();
    const deadPool = createPool(`postgres://postgres@127.0.0.1:${deadPort}/none`, { max: 1 });
    const app = await new Promise<Server>((resolve) => {
      const s = createApp({ pool: deadPool, databaseDescription: 'gone', graphql: undefined, routeSecurity: { auth, pool: deadPool } }).listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      // Signed with this app's key: checking an access token needs no database.
      const own = `Bearer ${(await signAccessToken(auth, TEST_ADMIN)).token}`;
      const response = await fetch(`http://127.0.0.1:${(app.address() as AddressInfo).port}/imports/channels`, {
        method: 'POST', headers: { authorization: own, 'content-type': 'text/csv' }, body: 'code,name_zh,name_en\nFAX,传真,Fax\n',
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      const body = (await response.json()) as ErrorBody;
      expect(body.errors[0]!.extensions.code).toBe('DATABASE_UNAVAILABLE');
      expect(body.errors[0]!.message).toMatch(/^The database is unavailable \(connection refused/);
    } finally {
      await new Promise((resolve) => app.close(resolve));
      await deadPool.end();
    }
  });

  it('refuses an upload without a token (401) or from a role that may not import (403), loading nothing', async () => {
    const before = (await db.pool.query('SELECT count(*)::int AS n FROM import_run')).rows[0].n;
    const anonymous = await fetch(`${uploadUrl}/complaints`, { method: 'POST', body: 'x' });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    const analyst = await fetch(`${uploadUrl}/complaints`, { method: 'POST', headers: analystToken, body: 'x' });
    expect(analyst.status).toBe(403);
    expect(((await analyst.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe('Not allowed: import.run needs one of the roles ADMIN, AGENT; you have ANALYST.');
    expect((await db.pool.query('SELECT count(*)::int AS n FROM import_run')).rows[0].n).toBe(before);
  });

  it('imports a file from the import directory for administrators, and nothing outside it', async () => {
    await writeFile(path.join(dir, 'batch.csv'), csvText([COMPLAINT_HEADER, row({ ...base, source_id: 'S-1', received_at: '2026-04-02 09:00' })]));
    const IMPORT = `mutation($path: String!) { importBatch(kind: COMPLAINTS, serverPath: $path) { kind rowsRead inserted quarantined byReason { code rows } } }`;
    const ok = await api.query(IMPORT, { path: 'batch.csv' });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.importBatch).toEqual({ kind: 'COMPLAINTS', rowsRead: 1, inserted: 1, quarantined: 0, byReason: [] });
    const escape = await api.query(IMPORT, { path: '../../../etc/passwd' });
    expect(escape.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'serverPath' } });
    expect(escape.errors?.[0]?.message).toMatch(/^serverPath: (no file|"\.\.\/\.\.\/\.\.\/etc\/passwd" is not a file inside)/);
  });

  it('lists quarantined rows with every reason, and loads one once corrected', async () => {
    const QUARANTINE = `{ importQuarantine(kind: COMPLAINTS) { hasMore rows { id lineNo sourceName status reasons { field code message messageZh } mapped { column value } raw { column value } } } }`;
    const listed = await api.query(QUARANTINE);
    expect(listed.errors).toBeUndefined();
    const rows = listed.data!.importQuarantine.rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      lineNo: 3, sourceName: 'upload.csv', status: 'OPEN',
      reasons: [{ field: 'received_at', code: 'INVALID_FORMAT', message: 'received_at: "2026-04-01 25:00" is not a date-time (YYYY-MM-DD HH:mm:ss in Asia/Shanghai, or ISO 8601 with an offset)', messageZh: expect.stringMatching(/^received_at 格式错误：/) }],
    });
    expect(rows[0].raw).toContainEqual({ column: 'source_id', value: 'U-2' });

    const RESUBMIT = `mutation($id: ID!, $c: [ImportCellInput!]!) { resubmitQuarantinedRow(id: $id, corrections: $c) { loaded outcome row { status reasons { code } } } }`;
    const stillBad = await api.query(RESUBMIT, { id: rows[0].id, c: [{ column: 'received_at', value: '2026-04-01 10:00' }, { column: 'status', value: 'CLOSED' }] });
    expect(stillBad.data!.resubmitQuarantinedRow).toEqual({ loaded: false, outcome: 'QUARANTINED', row: { status: 'OPEN', reasons: [{ code: 'STATUS_MISMATCH' }, { code: 'STATUS_MISMATCH' }] } });
    const fixed = await api.query(RESUBMIT, { id: rows[0].id, c: [{ column: 'status', value: 'RECEIVED' }] });
    expect(fixed.data!.resubmitQuarantinedRow).toEqual({ loaded: true, outcome: 'INSERTED', row: { status: 'RESOLVED', reasons: [{ code: 'STATUS_MISMATCH' }, { code: 'STATUS_MISMATCH' }] } });
    const { rows: loaded } = await db.pool.query(`SELECT received_at FROM fact_complaint WHERE source_system = 'API' AND source_id = 'U-2'`);
    expect(loaded).toEqual([{ received_at: new Date('2026-04-01T02:00:00Z') }]);
    expect((await api.query(QUARANTINE)).data!.importQuarantine.rows).toEqual([]);
    const again = await api.query(RESUBMIT, { id: rows[0].id, c: [] });
    expect(again.errors?.[0]?.message).toBe('id: the row is already RESOLVED');
    const actions = (await db.pool.query(`SELECT action, details->>'loaded' AS loaded FROM audit_log WHERE action = 'import.resubmit' ORDER BY audit_id`)).rows;
    expect(actions).toEqual([{ action: 'import.resubmit', loaded: 'false' }, { action: 'import.resubmit', loaded: 'true' }]);
  });

  it('masks personal data in quarantined rows by role: mapped cells by column, raw cells under the file\'s own headers withheld', async () => {
    const mapping = parseMapping({ columns: { phone: '联系电话', name: '客户名称' } });
    const header = CUSTOMER_HEADER.map((h) => (h === 'phone' ? '联系电话' : h === 'name' ? '客户名称' : h));
    await importCsv(db.pool, csvText([header, ['MASK-1', '孙十', '13900000010', 'ELECTRICITY', 'PLANETARY', 'RESIDENTIAL_TIERED', SX, '2020-01-01']]), { kind: 'customers', mapping });
    const QUARANTINE = `{ importQuarantine(kind: CUSTOMERS) { rows { id mapped { column value } raw { column value } } } }`;
    const cell = (cells: { column: string; value: string }[], column: string) => cells.find((c) => c.column === column)?.value;
    const agent = (await api.query(QUARANTINE, {}, { viewer: { ...TEST_ADMIN, id: 'agent', roles: ['AGENT'] } })).data!.importQuarantine.rows[0];
    expect([cell(agent.mapped, 'name'), cell(agent.mapped, 'phone'), cell(agent.mapped, 'account_no')]).toEqual(['孙*', '139****0010', '**SK-1']);
    expect([cell(agent.raw, '客户名称'), cell(agent.raw, '联系电话'), cell(agent.raw, 'account_no'), cell(agent.raw, 'segment')]).toEqual(['***', '***', '***', 'PLANETARY']);
    const admin = (await api.query(QUARANTINE)).data!.importQuarantine.rows[0];
    expect([cell(admin.raw, '客户名称'), cell(admin.raw, '联系电话')]).toEqual(['孙十', '13900000010']);
    // Out of the way of the next test, which reads the first open row of any kind.
    await api.query(`mutation($id: ID!) { discardQuarantinedRow(id: $id, reason: "masking test") { status } }`, { id: admin.id });
  });

  it('discards a row with a reason, and refuses corrections to unknown columns', async () => {
    await importCsv(db.pool, csvText([COMPLAINT_HEADER, row({ ...base, source_id: 'D-1', received_at: 'never' })]), { kind: 'complaints' });
    const id = (await api.query(`{ importQuarantine { rows { id } } }`)).data!.importQuarantine.rows[0].id;
    const unknown = await api.query(`mutation($id: ID!) { resubmitQuarantinedRow(id: $id, corrections: [{ column: "colour", value: "red" }]) { loaded } }`, { id });
    expect(unknown.errors?.[0]?.message).toMatch(/^corrections: unknown column\(s\) colour for complaints: one of source_system, source_id/);
    const discarded = await api.query(`mutation($id: ID!) { discardQuarantinedRow(id: $id, reason: "test record in the export") { status } }`, { id });
    expect(discarded.data!.discardQuarantinedRow).toEqual({ status: 'DISCARDED' });
    expect((await api.query(`{ importQuarantine { rows { id } } }`)).data!.importQuarantine.rows).toEqual([]);
  });
});
