import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_ADMIN, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

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
});
