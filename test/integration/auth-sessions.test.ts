import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../server/auth/access-token.ts';
import { createApiToken, revokeApiToken } from '../../server/auth/api-token.service.ts';
import { ephemeralAuthConfig } from '../../server/auth/auth-config.ts';
import { DEMO_USERS, ensureDemoUsers, DEMO_PASSWORD } from '../../server/auth/demo-users.ts';
import { memoryLimiterStore } from '../../server/auth/rate-limiters.ts';
import { disableUser } from '../../server/auth/user-store.ts';
import { loadDemoData } from '../../seeds/demo-loader.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Sign-in, refresh rotation, sign-out, expiry and API tokens through the
// HTTP API, against the demo users; every outcome checked in the audit log.

const SIGN_IN = `mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) {
  accessToken accessTokenExpiresAt refreshToken viewer { id username displayName roles orgUnits { code } } } }`;
const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken viewer { username } } }`;
const ME = `{ me { username roles orgUnits { code } } }`;

describe('sign-in and sessions', () => {
  let db: TestDatabase;
  let api: TestApi;
  const auth = ephemeralAuthConfig();
  const audit = async (action: string) => (await db.pool.query('SELECT actor_id, target_id, details FROM audit_log WHERE action = $1 ORDER BY audit_id', [action])).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoData(db.pool, { seed: 5, customers: 500, months: 1, until: '2026-09-01', complaintsPer10k: 60, timeZone: 'Asia/Shanghai' });
    expect(await ensureDemoUsers(db.pool)).toEqual(DEMO_USERS.map((u) => u.username));
    api = await startTestApi(db.url, { security: { auth, limiterStore: memoryLimiterStore(`t${Date.now()}`), loginFailures: { perUser: 3, perAddress: 100 } } });
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it('signs in with the right password and says who is signed in', async () => {
    const { data, errors } = await api.query(SIGN_IN, { u: 'manager', p: DEMO_PASSWORD }, { token: null });
    expect(errors).toBeUndefined();
    const session = data!.signIn;
    expect(session.viewer).toMatchObject({ username: 'manager', roles: ['MANAGER'], orgUnits: [{ code: 'ZJ-NB-YZ' }, { code: 'ZJ-NB-YZ-01' }] });
    expect(Date.parse(session.accessTokenExpiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(Date.parse(session.accessTokenExpiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const me = await api.query(ME, {}, { token: session.accessToken });
    expect(me.data!.me).toEqual({ username: 'manager', roles: ['MANAGER'], orgUnits: [{ code: 'ZJ-NB-YZ' }, { code: 'ZJ-NB-YZ-01' }] });
    expect((await api.query(ME, {}, { token: null })).data!.me).toBeNull();
    const rows = await audit('auth.signin');
    expect(rows.at(-1)).toMatchObject({ actor_id: session.viewer.id, target_id: session.viewer.id });
    // The refresh token is stored only as a hash.
    const stored = await db.pool.query('SELECT count(*)::int AS n FROM auth_refresh_token WHERE token_hash::text LIKE $1', [`%${session.refreshToken}%`]);
    expect(stored.rows[0].n).toBe(0);
  });

  it('refuses an unknown user and a wrong password with the same message, and audits both', async () => {
    const unknown = await api.query(SIGN_IN, { u: 'nobody', p: DEMO_PASSWORD }, { token: null });
    const wrong = await api.query(SIGN_IN, { u: 'analyst', p: 'not-the-password' }, { token: null });
    for (const result of [unknown, wrong]) {
      expect(result.status).toBe(401);
      expect(result.errors![0]).toMatchObject({ message: 'Wrong username or password.', extensions: { code: 'UNAUTHENTICATED' } });
    }
    const failed = await audit('auth.signin_failed');
    expect(failed.map((r) => r.details.reason)).toEqual(['unknown_user', 'wrong_password']);
    expect(failed.map((r) => r.actor_id)).toEqual(['anonymous', 'anonymous']);
    expect(failed[0].details.username).toBe('nobody');
    // Never the password tried.
    expect(JSON.stringify(failed)).not.toContain('not-the-password');
  });

  it('refuses further attempts after too many failures for a user, even with the right password', async () => {
    for (let i = 0; i < 3; i++) await api.query(SIGN_IN, { u: 'regulator', p: `wrong-${i}` }, { token: null });
    const blocked = await api.query(SIGN_IN, { u: 'regulator', p: DEMO_PASSWORD }, { token: null });
    expect(blocked.status).toBe(429);
    expect(blocked.errors![0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    expect(blocked.errors![0]!.message).toMatch(/^Too many failed sign-ins: try again in \d+ minute\(s\)\.$/);
    expect((await audit('auth.signin_failed')).at(-1)!.details.reason).toBe('throttled');
    // Another user is not affected.
    expect((await api.query(SIGN_IN, { u: 'analyst', p: DEMO_PASSWORD }, { token: null })).errors).toBeUndefined();
  });

  it('rotates the refresh token, and ends the whole session when a used one comes back', async () => {
    const first = (await api.query(SIGN_IN, { u: 'analyst', p: DEMO_PASSWORD }, { token: null })).data!.signIn;
    const second = await api.query(REFRESH, { t: first.refreshToken }, { token: null });
    expect(second.errors).toBeUndefined();
    expect(second.data!.refreshSession.viewer.username).toBe('analyst');
    expect(second.data!.refreshSession.refreshToken).not.toBe(first.refreshToken);
    expect((await api.query(ME, {}, { token: second.data!.refreshSession.accessToken })).data!.me.username).toBe('analyst');

    const replay = await api.query(REFRESH, { t: first.refreshToken }, { token: null });
    expect(replay.errors![0]).toMatchObject({ message: 'Your session has ended: sign in again.', extensions: { code: 'UNAUTHENTICATED' } });
    // The replay revoked the family: the newer token is dead too.
    const after = await api.query(REFRESH, { t: second.data!.refreshSession.refreshToken }, { token: null });
    expect(after.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(await audit('auth.refresh_reused')).toHaveLength(1);
  });

  it('refuses made-up API tokens from an address whose budget is spent without looking them up', async () => {
    const limited = await startTestApi(db.url, { security: { auth, limiterStore: memoryLimiterStore(`spent${Date.now()}`), requestsPerMinute: 3 } });
    try {
      const query = '{ channels { code } }';
      const bogus = (i: number) => ({ headers: { authorization: `Bearer cla_made-up-token-${i}` }, token: null });
      for (let i = 0; i < 3; i++) {
        const tried = await limited.countStatements(() => limited.query(query, {}, bogus(i)));
        expect(tried.result.status).toBe(401);
        expect(tried.texts.some((t) => t.includes('api_token'))).toBe(true);
      }
      const refused = await limited.countStatements(() => limited.query(query, {}, bogus(3)));
      expect(refused.result.status).toBe(429);
      expect(refused.result.errors![0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
      expect(refused.statements).toBe(0);
      // A signed-in user at the same address is limited on their own budget, not the address's.
      const session = (await limited.query(SIGN_IN, { u: 'analyst', p: DEMO_PASSWORD }, { token: null }));
      expect(session.status).toBe(429); // signing in is an anonymous request too: the address's budget is spent
      const token = await limited.tokenFor({ id: '42', username: 'x', displayName: 'X', roles: ['ANALYST'], orgUnitScope: ['/'] });
      expect((await limited.query(query, {}, { token })).errors).toBeUndefined();
    } finally {
      await limited.close();
    }
  });

  it('signs out: the refresh token no longer works', async () => {
    const session = (await api.query(SIGN_IN, { u: 'admin', p: DEMO_PASSWORD }, { token: null })).data!.signIn;
    expect((await api.query(`mutation($t: String!) { signOut(refreshToken: $t) }`, { t: session.refreshToken }, { token: null })).data!.signOut).toBe(true);
    expect((await api.query(REFRESH, { t: session.refreshToken }, { token: null })).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect((await audit('auth.signout')).at(-1)!.actor_id).toBe(session.viewer.id);
  });

  it('refuses an expired, a forged and a missing access token with UNAUTHENTICATED (401), each saying why', async () => {
    const viewer = { id: '1', username: 'admin', displayName: 'A', roles: ['ADMIN'] as const, orgUnitScope: ['/'] };
    const expired = (await signAccessToken(auth, viewer, new Date(Date.now() - 16 * 60_000))).token;
    const forged = (await signAccessToken(ephemeralAuthConfig(), viewer)).token;
    const query = '{ complaints(first: 1) { totalCount } }';
    const cases = [
      [expired, 'Your session has expired: refresh it (refreshSession) or sign in again.'],
      [forged, 'The access token is not valid: sign in again.'],
      [null, 'Sign in first: send `Authorization: Bearer <accessToken>` (from the signIn mutation) or an API token.'],
    ] as const;
    for (const [token, message] of cases) {
      const result = await api.query(query, {}, { token });
      expect(result.status).toBe(401);
      expect(result.errors).toEqual([{ message, extensions: { code: 'UNAUTHENTICATED' } }]);
      expect(result.data).toBeUndefined();
    }
  });

  it('lets a service account work with an API token until it is revoked', async () => {
    const { id, token } = await createApiToken(db.pool, { id: 'test', roles: ['ADMIN'] }, 'agent', 'hotline CRM');
    expect(token).toMatch(/^cla_/);
    const orgUnits = await api.query('{ orgUnits(level: PROVINCE) { code } }', {}, { token });
    expect(orgUnits.data!.orgUnits).toEqual([{ code: 'ZJ' }]);
    // Checking the token (and finding its user with their scope) is one statement.
    const checked = await api.countStatements(() => api.query('{ __typename }', {}, { token }));
    expect(checked.result.data).toEqual({ __typename: 'Query' });
    expect(checked.statements).toBe(1);
    const kpis = await api.query('{ kpis(filter: { dateRange: { from: "2026-08-01", to: "2026-08-31" } }) { complaints } }', {}, { token });
    expect(kpis.status).toBe(403);
    expect(kpis.errors![0]!.message).toBe('Not allowed: kpis needs kpi.read, which the roles ADMIN, MANAGER, ANALYST, REGULATOR have; you have AGENT.');

    expect(await revokeApiToken(db.pool, { id: 'test', roles: ['ADMIN'] }, id)).toBe(true);
    const refused = await api.query('{ orgUnits { code } }', {}, { token });
    expect(refused.status).toBe(401);
    expect(refused.errors![0]!.message).toBe('The API token is unknown or was revoked: ask an administrator for a new one.');
    expect((await audit('auth.api_token_revoke')).map((r) => r.target_id)).toEqual([id]);
  });

  it('lets administrators, and only them, create, list and revoke API tokens through GraphQL', async () => {
    const admin = { id: 'a1', username: 'admin', displayName: 'A', roles: ['ADMIN'] as const, orgUnitScope: ['/'] };
    const analyst = { ...admin, id: 'a2', roles: ['ANALYST'] as const };
    const CREATE = `mutation { createApiToken(username: "agent", name: "CRM staging") { id token } }`;
    const refused = await api.query(CREATE, {}, { viewer: { ...analyst, roles: ['ANALYST'] } });
    expect(refused.status).toBe(403);
    expect(refused.errors![0]!.message).toBe('Not allowed: createApiToken needs user.admin, which the roles ADMIN have; you have ANALYST.');

    const created = (await api.query(CREATE, {}, { viewer: { ...admin, roles: ['ADMIN'] } })).data!.createApiToken;
    expect((await api.query(ME, {}, { token: created.token })).data!.me.username).toBe('agent');
    const listed = (await api.query('{ apiTokens { id username name prefix revokedAt } }', {}, { viewer: { ...admin, roles: ['ADMIN'] } })).data!.apiTokens;
    expect(listed).toContainEqual({ id: created.id, username: 'agent', name: 'CRM staging', prefix: created.token.slice(0, 12), revokedAt: null });
    const revoke = `mutation($id: ID!) { revokeApiToken(id: $id) }`;
    expect((await api.query(revoke, { id: created.id }, { viewer: { ...admin, roles: ['ADMIN'] } })).data!.revokeApiToken).toBe(true);
    expect((await api.query(ME, {}, { token: created.token })).data!.me).toBeNull();
    expect((await api.query('{ orgUnits { code } }', {}, { token: created.token })).status).toBe(401);
    expect((await audit('auth.api_token_create')).at(-1)).toMatchObject({ actor_id: 'a1', target_id: created.id });
  });

  it('refuses sign-in, refresh and API tokens of a disabled user', async () => {
    const session = (await api.query(SIGN_IN, { u: 'agent', p: DEMO_PASSWORD }, { token: null })).data!.signIn;
    const { token } = await createApiToken(db.pool, { id: 'test', roles: ['ADMIN'] }, 'agent', 'before disabling');
    expect(await disableUser(db.pool, 'agent')).toBe(true);
    const signIn = await api.query(SIGN_IN, { u: 'agent', p: DEMO_PASSWORD }, { token: null });
    expect(signIn.errors![0]!.message).toBe('Wrong username or password.');
    expect((await audit('auth.signin_failed')).at(-1)!.details.reason).toBe('disabled');
    expect((await api.query(REFRESH, { t: session.refreshToken }, { token: null })).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect((await api.query('{ orgUnits { code } }', {}, { token })).status).toBe(401);
  });
});
