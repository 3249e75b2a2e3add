import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatChange, formatKpi, type Locale } from '../../dashboard/src/i18n/format.ts';
import { kpiInfo, TILE_KPIS } from '../../dashboard/src/kpi/kpi-catalogue.ts';
import { utilityToday } from '../../dashboard/src/state/date-presets.ts';
import { filterRange, kpiFilter, parseFilters } from '../../dashboard/src/state/url-state.ts';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/auth/demo-users.ts';
import { BAD_CREDENTIALS } from '../../server/auth/session.service.ts';
import { startServer } from '../../server/boot.ts';
import { loadConfig } from '../../server/config.ts';
import { Lifecycle } from '../../server/lifecycle.ts';
import { browserAvailable, launchChromium } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The dashboard at /, in headless Chromium, against a server on a small seeded
// demo database: every page opens without console errors (screenshots of each,
// in both languages, go to test-results/), the Overview's tiles show exactly
// what the API returns for the same filters, a category bar drills down, and
// the Explorer's CSV holds the rows of its query. It signs in once through the
// real /signin page as the demo administrator (who may use every page) and
// asks the API for its reference figures with that same user's token; other
// tests sign in as other users (the regulator) or not at all.
const PAGES = [
  { path: '/', name: 'overview', ready: '[data-testid="tile-value-complaints"]' },
  { path: '/resolution', name: 'resolution', ready: '[data-testid="page-resolution"]' },
  { path: '/repeat', name: 'repeat', ready: '[data-testid="page-repeat"]' },
  { path: '/satisfaction', name: 'satisfaction', ready: '[data-testid="page-satisfaction"]' },
  { path: '/complaints', name: 'complaints', ready: '[data-testid="complaint-row"]' },
  { path: '/explorer', name: 'explorer', ready: '[data-testid="explorer-table"]' },
  { path: '/signin?returnTo=%2Fexplorer', name: 'signin', ready: 'form.signin' },
];

/** A page script choosing the dashboard's language (keep: only when none is remembered yet). */
function localeScript(locale: Locale, options: { keep?: boolean } = {}): string {
  const set = `localStorage.setItem('clearline.locale', ${JSON.stringify(locale)})`;
  return options.keep ? `if (!localStorage.getItem('clearline.locale')) ${set};` : `${set};`;
}

type StorageState = Exclude<BrowserContextOptions['storageState'], string | undefined>;

const ADMIN = DEMO_USERS.find((u) => u.roles.includes('ADMIN'))!;
const REGULATOR = DEMO_USERS.find((u) => u.roles.includes('REGULATOR'))!;

type TotalsRow = Record<string, number | null> & { comparison: Record<string, number | null> | null; change: Record<string, number | null> | null };

describe.runIf(browserAvailable)('dashboard at /', () => {
  let db: TestDatabase;
  const lifecycle = new Lifecycle();
  let url: string;
  let browser: Browser;
  /** The browser storage of the administrator signed in through /signin (session and language). */
  let adminState: StorageState;

  /** The stored session of a storage state (localStorage "clearline.session"). */
  function sessionOf(state: StorageState): { accessToken: string; refreshToken: string } {
    const item = state.origins?.flatMap((o) => o.localStorage).find((entry) => entry.name === 'clearline.session');
    if (!item) throw new Error('no clearline.session in the browser storage');
    return JSON.parse(item.value) as { accessToken: string; refreshToken: string };
  }

  /** The API as the signed-in administrator sees it (the token the browser holds). */
  async function api<T>(query: string, variables: Record<string, unknown>, token: string | null = sessionOf(adminState).accessToken): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data: T; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors) throw Object.assign(new Error(body.errors[0]!.message), { code: body.errors[0]!.extensions?.code });
    return body.data;
  }

  /** Fills in and submits the real sign-in form (the page must be on /signin). */
  async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
    await page.locator('form.signin').waitFor();
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill(password);
    await page.locator('form.signin button[type="submit"]').click();
  }

  /** A browser context signed in as the administrator (the state the sign-in in beforeAll left). */
  function adminContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    return browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US', ...options, storageState: adminState });
  }

  /** The tiles' figures as the API gives them for the filters in `search`. */
  async function apiTotals(search: string): Promise<TotalsRow> {
    const filters = parseFilters(new URLSearchParams(search));
    const range = filterRange(filters, utilityToday());
    const fields = TILE_KPIS.join(' ');
    const data = await api<{ kpis: TotalsRow[] }>(
      `query($filter: KpiFilter!, $assessed: Boolean) { kpis(filter: $filter, assessed: $assessed, compareTo: PREVIOUS_PERIOD) { ${fields} comparison { ${fields} } change { ${fields} } } }`,
      { filter: kpiFilter(filters, range), assessed: filters.assessed },
    );
    return data.kpis[0]!;
  }

  async function expectTilesToMatch(page: Page, search: string, locale: Locale) {
    const totals = await apiTotals(search);
    for (const kpi of TILE_KPIS) {
      const format = kpiInfo(kpi)!.format;
      await expect.poll(() => page.getByTestId(`tile-value-${kpi}`).innerText(), { timeout: 10_000 }).toBe(formatKpi(totals[kpi], format, locale));
      expect(await page.getByTestId(`tile-change-${kpi}`).innerText()).toBe(formatChange(totals.change?.[kpi], totals.comparison?.[kpi], format, locale));
    }
    return totals;
  }

  /** Console errors, page errors and failed requests; `expected` lets through the refusals a test provokes. */
  function watchProblems(page: Page, expected?: RegExp): string[] {
    const problems: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error' && !expected?.test(message.text())) problems.push(message.text()); });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('requestfailed', (request) => { if (!request.failure()?.errorText.includes('ERR_ABORTED')) problems.push(`failed: ${request.url()}`); });
    return problems;
  }

  beforeAll(async () => {
    // Always the current source, never a stale dist/ (the build prints its initial JavaScript size).
    const { stdout } = await promisify(execFile)(process.execPath, ['dashboard/build.mjs'], { timeout: 120_000 });
    console.log(stdout.trim());
    db = await createTestDatabase({ migrated: false });
    const config = loadConfig({ DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', CLEARLINE_DEMO_CUSTOMERS: '6000', CLEARLINE_DEMO_MONTHS: '14' });
    ({ url } = await startServer(config, lifecycle, () => {}));
    browser = await launchChromium();
    await mkdir('test-results', { recursive: true });

    // Sign in once, through the real page, as the demo administrator.
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
    await context.addInitScript({ content: localeScript('en', { keep: true }) });
    const page = await context.newPage();
    await page.goto(`${url}/`);
    await page.waitForURL(/\/signin\?returnTo=%2F$/);
    await submitSignIn(page, ADMIN.username, DEMO_PASSWORD);
    await page.getByTestId('tile-value-complaints').waitFor({ timeout: 30_000 });
    adminState = await context.storageState();
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await lifecycle.shutdown();
    await db?.drop();
  });

  it('serves the app for client routes, and leaves /graphql and /healthz alone', async () => {
    for (const path of ['/', '/explorer', '/complaints']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
    }
    expect((await fetch(`${url}/healthz`)).headers.get('content-type')).toContain('application/json');
    expect((await fetch(`${url}/nope.js`)).status).toBe(404);
  });

  it('opens every page in English and Chinese without console errors, and saves screenshots', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const context = await adminContext();
      await context.addInitScript({ content: localeScript(locale) });
      const page = await context.newPage();
      const problems = watchProblems(page);
      for (const { path, name, ready } of PAGES) {
        await page.goto(`${url}${path}`);
        await page.locator(ready).first().waitFor({ timeout: 30_000 });
        await page.waitForLoadState('networkidle');
        const text = await page.locator('body').innerText();
        expect(text, `${name} (${locale})`).not.toMatch(/\bNaN\b|\bundefined\b/);
        await page.screenshot({ path: `test-results/dashboard-${name}-${locale}.png`, fullPage: true });
      }
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it('draws the Overview tiles with exactly the API values, from at most two GraphQL requests, and drills down on a category bar', async () => {
    const context = await adminContext();
    const page = await context.newPage();
    const problems = watchProblems(page);
    const graphqlRequests: string[] = [];
    await page.addInitScript({ content: localeScript('en', { keep: true }) });
    page.on('request', (request) => { if (request.url().endsWith('/graphql')) graphqlRequests.push(request.postData() ?? ''); });

    const started = Date.now();
    await page.goto(`${url}/`);
    await page.getByTestId('tile-value-complaints').waitFor();
    const firstFigures = Date.now() - started;
    // Fully drawn: the page marks itself once every tile, chart and table has its data (bench:dashboard times the same on 1M complaints).
    await page.locator('.overview[data-drawn="true"]').waitFor({ timeout: 30_000 });
    await page.locator('.trend-card .recharts-line-curve').waitFor();
    console.log(`Overview: first tiles ${firstFigures} ms, fully drawn ${Date.now() - started} ms after navigation (small seeded database; printed, not asserted)`);
    expect(await page.getByTestId('league-table').innerText()).not.toContain('…');
    await expectTilesToMatch(page, '', 'en');
    // Two requests for all tiles and charts: the rollup-backed KPIs and the fact-backed median and backlog.
    const overviewRequests = graphqlRequests.filter((body) => body.includes('query Overview'));
    expect(overviewRequests.map((body) => /query (\w+)/.exec(body)?.[1]).sort()).toEqual(['OverviewFromFacts', 'OverviewFromRollups']);

    // Drill down: the first category bar sets the category filter.
    const bar = page.locator('[data-testid="breakdown-category"] .breakdown-bar').first();
    const before = await page.getByTestId('tile-value-complaints').innerText();
    await bar.click();
    await page.waitForURL(/[?&]cat=/);
    const search = new URL(page.url()).search;
    const totals = await expectTilesToMatch(page, search, 'en');
    expect(await page.getByTestId('tile-value-complaints').innerText()).not.toBe(before);
    expect(totals.complaints).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.pills').innerText()).toContain('Category:');

    // The category picker counts each category under the other filters, not its own:
    // with one category chosen, the others still show their complaints.
    const unfiltered = await api<{ kpis: { key: { category: { nameEn: string } }; complaints: number }[] }>(
      'query($filter: KpiFilter!) { kpis(filter: $filter, groupBy: [CATEGORY_GROUP]) { key { category { nameEn } } complaints } }',
      { filter: kpiFilter(parseFilters(new URLSearchParams('')), filterRange(parseFilters(new URLSearchParams('')), utilityToday())) },
    );
    await page.getByTestId('picker-category').locator('summary').click();
    await expect.poll(() => page.getByTestId('picker-category').locator('.count').first().innerText()).not.toBe('…');
    for (const row of unfiltered.kpis) {
      const exactly = new RegExp(`^${row.key.category.nameEn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
      const option = page.getByTestId('picker-category').locator('.picker-option').filter({ has: page.locator('.picker-option-label', { hasText: exactly }) });
      expect(await option.locator('.count').innerText(), row.key.category.nameEn).toBe(row.complaints.toLocaleString('en-US'));
    }
    await page.screenshot({ path: 'test-results/dashboard-category-picker-en.png' });
    await page.mouse.click(4, 990); // outside any picker
    expect(await page.getByTestId('picker-category').getAttribute('open')).toBeNull();

    // Back returns to the unfiltered view.
    await page.goBack();
    await expect.poll(() => page.getByTestId('tile-value-complaints').innerText()).toBe(before);

    // Switch language: the same figures, formatted for Chinese, and remembered.
    await page.getByTestId('lang-switch').click();
    await expectTilesToMatch(page, '', 'zh-CN');
    await page.reload();
    await expect.poll(() => page.locator('nav[aria-label="页面"]').count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('builds a query in the Explorer, shows its GraphQL, and downloads a CSV holding its rows', async () => {
    const context = await adminContext({ acceptDownloads: true });
    await context.addInitScript({ content: localeScript('en') });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${url}/explorer`);
    await page.getByTestId('explorer-table').waitFor();
    // Build: complaints and SLA compliance by channel and month.
    await page.locator('input[name="kpi"][value="satisfactionRate"]').uncheck();
    await page.locator('input[name="kpi"][value="slaComplianceRate"]').check();
    await page.locator('input[name="dimension"][value="CATEGORY_GROUP"]').uncheck();
    await page.locator('input[name="dimension"][value="CHANNEL"]').check();
    await page.locator('select[name="grain"]').selectOption('MONTH');
    await page.waitForURL(/grain=MONTH/);
    await page.getByTestId('explorer-table').waitFor();
    await page.waitForLoadState('networkidle');

    await page.getByRole('button', { name: 'Copy GraphQL' }).first().click();
    const shown = await page.getByTestId('explorer-graphql').innerText();
    expect(shown).toContain('kpis(filter: $filter');
    expect(shown).toContain('complaints slaComplianceRate');

    const filters = parseFilters(new URLSearchParams(new URL(page.url()).search));
    const range = filterRange(filters, utilityToday());
    const expected = await api<{ kpis: { key: { period: { label: string }; channel: { nameEn: string } }; complaints: number; slaComplianceRate: number | null }[] }>(
      'query($filter: KpiFilter!) { kpis(filter: $filter, groupBy: [CHANNEL], grain: MONTH) { key { period { label } channel { nameEn } } complaints slaComplianceRate } }',
      { filter: kpiFilter(filters, range) },
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    expect(download.suggestedFilename()).toBe('clearline-explorer.csv');
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('Period,Channel,Complaints,SLA compliance');
    expect(lines.slice(1)).toEqual(expected.kpis.map((row) => [row.key.period.label, row.key.channel.nameEn, row.complaints, row.slaComplianceRate ?? ''].join(',')));
    expect(lines.length - 1).toBeGreaterThan(7);

    // Every cell drills through to its complaints: their count is the cell's value.
    await page.locator('[data-testid="explorer-table"] tbody tr').first().locator('.cell-button').first().click();
    const first = expected.kpis[0]!;
    await expect.poll(() => page.getByTestId('drill-through').innerText()).toContain(`${first.complaints} rows`);
    await page.screenshot({ path: 'test-results/dashboard-explorer-drill-en.png' });
    // A complaint opened from the drill-through is in the URL: the link reopens it.
    await page.getByTestId('drill-through').locator('.link-button').first().click();
    await page.waitForURL(/complaint=/);
    await page.reload();
    await expect.poll(() => page.getByTestId('complaint-timeline').count()).toBe(1);
    await page.goBack();
    await expect.poll(() => page.getByTestId('complaint-timeline').count()).toBe(0);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toBe('clearline-explorer.xlsx');
    const bytes = await readFile((await xlsx.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK'); // a zip container, as .xlsx files are
    expect(problems).toEqual([]);
    await context.close();
  });


  it('opens a complaint\'s timeline from the list, and a repeat customer\'s complaints from the Repeat page', async () => {
    const context = await adminContext();
    await context.addInitScript({ content: localeScript('en') });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${url}/complaints`);
    const firstRow = page.getByTestId('complaint-row').first();
    const workOrder = await firstRow.locator('button').innerText();
    await firstRow.locator('button').click();
    await page.waitForURL(/complaint=/);
    const timeline = page.getByTestId('complaint-timeline');
    await expect.poll(() => timeline.innerText()).toContain(`Timeline · ${workOrder}`);
    expect(await timeline.locator('.timeline li').first().innerText()).toContain('Received');
    await page.screenshot({ path: 'test-results/dashboard-complaint-timeline-en.png' });
    await page.keyboard.press('Escape');
    await expect.poll(() => timeline.count()).toBe(0);

    await page.goto(`${url}/repeat`);
    await page.getByTestId('repeaters').locator('tbody tr').first().locator('button').click();
    const customer = page.getByTestId('customer-timeline');
    await expect.poll(() => customer.locator('.timeline li').count()).toBeGreaterThan(1);
    await customer.locator('.timeline li button').first().click();
    await expect.poll(() => page.getByTestId('complaint-timeline').innerText()).toContain('Received');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('records a dissatisfied customer\'s call-back from the Satisfaction page, which takes the answer off the list', async () => {
    const context = await adminContext();
    await context.addInitScript({ content: localeScript('en') });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${url}/satisfaction`);
    const rows = page.getByTestId('dissatisfied').locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const before = await rows.count();
    const first = rows.first();
    const surveyId = await first.getAttribute('data-survey-id');
    await first.getByTestId('follow-up').locator('select').selectOption('EXPLAINED');
    await first.getByTestId('follow-up').getByRole('button', { name: 'Record' }).click();
    // The list is read again: that answer is gone (it shows at most 50, so the count may stay when more wait).
    await expect.poll(() => page.locator(`[data-survey-id="${surveyId}"]`).count()).toBe(0);
    expect(await rows.count()).toBeGreaterThanOrEqual(before - 1);
    const recorded = await api<{ surveys: { totalCount: number } }>(`{ surveys(filter: { awaitingFollowUp: false }, first: 1) { totalCount } }`, {});
    expect(recorded.surveys.totalCount).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reaches the filters and tiles by keyboard', async () => {
    const context = await adminContext();
    const page = await context.newPage();
    await page.addInitScript({ content: localeScript('en') });
    await page.goto(`${url}/`);
    await page.getByTestId('tile-value-complaints').waitFor();
    const reached = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate('document.activeElement?.closest("[data-testid]")?.getAttribute("data-testid") ?? document.activeElement?.tagName'));
    }
    expect([...reached]).toEqual(expect.arrayContaining(['period-preset', 'picker-org', 'picker-category', 'picker-channel', 'picker-segment', 'tile-satisfactionRate', 'tile-backlog']));
    // Enter on a focused picker opens it.
    await page.getByTestId('picker-channel').locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('picker-channel').getAttribute('open')).not.toBeNull();
    await context.close();
  });


  it('says when a period has no complaints, and shows the API\'s error with a retry that works', async () => {
    const context = await adminContext();
    const page = await context.newPage();
    await page.addInitScript({ content: localeScript('en') });
    const problems = watchProblems(page);
    await page.goto(`${url}/?period=custom&from=2016-01-01&to=2016-01-31`);
    await page.getByText('No complaints in this period.').first().waitFor();
    expect(await page.getByTestId('tile-value-complaints').innerText()).toBe('0');
    expect(await page.getByTestId('tile-value-satisfactionRate').innerText()).toBe('—');
    expect(await page.locator('body').innerText()).not.toMatch(/\bNaN\b|\bundefined\b/);
    await page.screenshot({ path: 'test-results/dashboard-overview-empty-en.png' });
    expect(problems).toEqual([]);

    // The API fails once: its message and a retry button; the retry draws the page.
    let failures = 0;
    await page.route('**/graphql', async (route) => {
      if (failures === 0 && route.request().postData()?.includes('query OverviewFromRollups')) {
        failures++;
        await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'dateRange.to is before dateRange.from', extensions: { code: 'BAD_USER_INPUT' } }] }) });
      } else await route.continue();
    });
    await page.goto(`${url}/?period=lastMonth`);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain('dateRange.to is before dateRange.from');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('tile-value-complaints').waitFor();
    expect(failures).toBe(1);
    await context.close();
  });

  it('sends an unsigned visit to /signin, shows the server\'s message for a wrong password, and returns to the same URL after signing in', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
    await context.addInitScript({ content: localeScript('en') });
    const page = await context.newPage();
    // The wrong password is refused with HTTP 401, which Chromium reports on the console.
    const problems = watchProblems(page, /status of 401/);
    const target = '/?period=lastMonth&assessed=false';
    await page.goto(`${url}${target}`);
    await page.waitForURL((u) => u.pathname === '/signin');
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe(target);

    await submitSignIn(page, ADMIN.username, 'not-the-password');
    await expect.poll(() => page.getByTestId('signin-error').innerText()).toBe(`Sign-in failed: ${BAD_CREDENTIALS}`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.screenshot({ path: 'test-results/dashboard-signin-failed-en.png' });
    expect(await page.evaluate<string | null>('localStorage.getItem("clearline.session")')).toBeNull();

    await submitSignIn(page, ADMIN.username, DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/');
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(target);
    await page.getByTestId('tile-value-complaints').waitFor();
    // The header says who signed in: the display name and the role.
    expect(await page.getByTestId('user-name').innerText()).toBe(ADMIN.displayName);
    expect(await page.getByTestId('user-roles').innerText()).toContain('Administrator');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('signs out: back to /signin, the session forgotten here and ended on the server', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
    await context.addInitScript({ content: localeScript('zh-CN') });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${url}/signin`);
    await submitSignIn(page, ADMIN.username, DEMO_PASSWORD);
    await page.getByTestId('tile-value-complaints').waitFor();
    expect(await page.getByTestId('user-roles').innerText()).toContain('系统管理员');
    const { refreshToken } = JSON.parse((await page.evaluate<string | null>('localStorage.getItem("clearline.session")'))!) as { refreshToken: string };

    await page.getByTestId('sign-out').click();
    await page.waitForURL((u) => u.pathname === '/signin');
    await page.locator('form.signin').waitFor();
    expect(await page.evaluate<string | null>('localStorage.getItem("clearline.session")')).toBeNull();
    // The refresh token no longer buys a session.
    const refused = await api('mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: refreshToken }, null).catch((error: Error & { code?: string }) => error);
    expect((refused as { code?: string }).code).toBe('UNAUTHENTICATED');
    // And the dashboard asks to sign in again.
    await page.goto(`${url}/explorer`);
    await page.waitForURL((u) => u.pathname === '/signin');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('refreshes a session about to expire before asking for data, and keeps the rotated one', async () => {
    const analyst = DEMO_USERS.find((u) => u.roles.includes('ANALYST'))!;
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
    await context.addInitScript({ content: localeScript('en') });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${url}/signin`);
    await submitSignIn(page, analyst.username, DEMO_PASSWORD);
    await page.getByTestId('tile-value-complaints').waitFor();
    const readStored = async () => JSON.parse((await page.evaluate<string | null>('localStorage.getItem("clearline.session")'))!) as { accessToken: string; refreshToken: string; accessTokenExpiresAt: string };
    // Nothing of this page in flight (its own refresh would spend the token the reload needs).
    await page.waitForLoadState('networkidle');
    const before = await readStored();
    // Pretend the access token expires in 10 s: the next request refreshes first.
    await page.evaluate(`localStorage.setItem('clearline.session', JSON.stringify({ ...JSON.parse(localStorage.getItem('clearline.session')), accessTokenExpiresAt: new Date(Date.now() + 10000).toISOString() }))`);
    const graphqlRequests: { body: string; authorization: string | undefined }[] = [];
    page.on('request', (request) => { if (request.url().endsWith('/graphql')) graphqlRequests.push({ body: request.postData() ?? '', authorization: request.headers().authorization }); });
    await page.reload();
    await page.getByTestId('tile-value-complaints').waitFor();
    const after = await readStored();
    expect(graphqlRequests[0]!.body).toContain('mutation RefreshSession');
    expect(graphqlRequests[0]!.authorization).toBeUndefined();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(Date.parse(after.accessTokenExpiresAt)).toBeGreaterThan(Date.now() + 60_000);
    expect(graphqlRequests.length).toBeGreaterThan(2); // me, reference data, the Overview's own
    expect(graphqlRequests.slice(1).every((r) => r.authorization === `Bearer ${after.accessToken}`)).toBe(true);
    // The old refresh token was used up (rotation).
    const refused = await api('mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: before.refreshToken }, null).catch((error: Error & { code?: string }) => error);
    expect((refused as { code?: string }).code).toBe('UNAUTHENTICATED');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a regulator the Overview but not the Complaints page: not in the nav, and "not allowed" at its URL', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
      await context.addInitScript({ content: localeScript(locale) });
      const page = await context.newPage();
      const problems = watchProblems(page);
      const graphqlRequests: string[] = [];
      page.on('request', (request) => { if (request.url().endsWith('/graphql')) graphqlRequests.push(request.postData() ?? ''); });
      await page.goto(`${url}/signin`);
      await submitSignIn(page, REGULATOR.username, DEMO_PASSWORD);
      await page.getByTestId('tile-value-complaints').waitFor();
      expect(await page.getByTestId('user-name').innerText()).toBe(REGULATOR.displayName);
      expect(await page.getByTestId('user-roles').innerText()).toContain(locale === 'en' ? 'Regulator' : '监管机构');
      const nav = await page.locator('header nav a').allInnerTexts();
      expect(nav).toEqual(locale === 'en' ? ['Overview', 'Resolution', 'Explorer'] : ['总览', '处理时效', '自助分析']);

      await page.goto(`${url}/complaints`);
      const notAllowed = page.getByTestId('not-allowed');
      await expect.poll(() => notAllowed.innerText()).toContain(locale === 'en' ? 'Not allowed for your role' : '您的角色无权访问');
      expect(await page.locator('body').innerText()).not.toMatch(/\bNaN\b|\bundefined\b/);
      await page.screenshot({ path: `test-results/dashboard-not-allowed-regulator-${locale}.png`, fullPage: true });
      // No complaint query was even sent (the server would refuse it).
      expect(graphqlRequests.filter((body) => /complaints\(|query ComplaintList/.test(body))).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
