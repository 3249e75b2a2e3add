import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/auth/demo-users.ts';
import { startServer } from '../../server/boot.ts';
import { loadConfig } from '../../server/config.ts';
import { Lifecycle } from '../../server/lifecycle.ts';
import { browserAvailable, launchChromium } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The self-hosted GraphiQL IDE at /graphql, in headless Chromium: it loads
// nothing from outside this server and runs a query against the API.
describe.runIf(browserAvailable)('GraphiQL at /graphql', () => {
  let db: TestDatabase;
  const lifecycle = new Lifecycle();
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    const config = loadConfig({ DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', CLEARLINE_DEMO_CUSTOMERS: '2000', CLEARLINE_DEMO_MONTHS: '2' });
    ({ url } = await startServer(config, lifecycle, () => {}));
  });
  afterAll(async () => {
    await lifecycle.shutdown();
    await db.drop();
  });

  it('opens in the browser and runs a query, with every request served by Clearline', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
      const problems: string[] = [];
      const origins = new Set<string>();
      page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
      page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
      page.on('request', (request) => origins.add(new URL(request.url()).origin));

      // Signed in as the demo administrator, with the token in GraphiQL's Headers tab
      // (GraphiQL keeps that tab's text in localStorage under graphiql:headers).
      const signIn = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `mutation { signIn(username: "admin", password: "${DEMO_PASSWORD}") { accessToken } }` }),
      });
      const { data } = (await signIn.json()) as { data: { signIn: { accessToken: string } } };
      const headers = JSON.stringify({ Authorization: `Bearer ${data.signIn.accessToken}` });
      await page.addInitScript((value) => (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage.setItem('graphiql:headers', value), headers);

      const query = '{ complaints(first: 3) { totalCount nodes { status } } }';
      await page.goto(`${url}/graphql?query=${encodeURIComponent(query)}`);
      await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
      await page.click('.graphiql-execute-button');
      await page.locator('.graphiql-response', { hasText: 'totalCount' }).waitFor({ timeout: 15_000 });
      const response = await page.locator('.graphiql-response').innerText();
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM fact_complaint');
      expect(response.replace(/\s+/g, '')).toContain(`"totalCount":${rows[0].n}`);
      await mkdir('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/graphiql.png' });

      expect(problems).toEqual([]);
      expect([...origins]).toEqual([new URL(url).origin]);
    } finally {
      await browser.close();
    }
  });
});
