import { afterEach, describe, expect, it, vi } from 'vitest';
import { SESSION_KEY } from '../api/session.ts';
import { signIn, signOut } from '../auth/session-actions.ts';
import { safeReturnTo } from '../pages/SignInPage.tsx';

// Signing in and out from the dashboard's side of AUTH_CONTRACT.md.
type Call = { headers: Record<string, string>; body: { query: string; variables: unknown } };

function stubFetch(answers: unknown[]): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    calls.push({ headers: init.headers as Record<string, string>, body: JSON.parse(String(init.body)) });
    return new Response(JSON.stringify(answers.shift()), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  window.history.replaceState(null, '', '/');
});

const session = { accessToken: 'tok', refreshToken: 'ref', accessTokenExpiresAt: new Date(Date.now() + 600_000).toISOString() };

describe('signing in and out', () => {
  it('stores the session signIn returns, as the contract names it', async () => {
    const calls = stubFetch([{ data: { signIn: session } }]);
    await signIn('admin', 'pw');
    expect(calls[0]!.body.query).toContain('mutation SignIn');
    expect(calls[0]!.body.variables).toEqual({ username: 'admin', password: 'pw' });
    expect(JSON.parse(localStorage.getItem(SESSION_KEY)!)).toEqual(session);
  });

  it('keeps no session when the credentials are refused, and passes the API\'s message on', async () => {
    window.history.replaceState(null, '', '/signin?returnTo=%2Fexplorer');
    stubFetch([{ errors: [{ message: 'Wrong username or password.', extensions: { code: 'UNAUTHENTICATED' } }] }]);
    await expect(signIn('admin', 'nope')).rejects.toMatchObject({ message: 'Wrong username or password.' });
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
    expect(window.location.pathname + window.location.search).toBe('/signin?returnTo=%2Fexplorer');
  });

  it('signs out with the refresh token (no access token needed), forgets the session and opens /signin', async () => {
    window.history.replaceState(null, '', '/complaints');
    localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    const calls = stubFetch([{ data: { signOut: true } }]);
    await signOut();
    expect(calls[0]!.body.query).toContain('signOut(refreshToken: $refreshToken)');
    expect(calls[0]!.body.variables).toEqual({ refreshToken: 'ref' });
    expect(calls[0]!.headers.authorization).toBeUndefined();
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
    expect(window.location.pathname).toBe('/signin');
  });

  it('signs out here even when the server cannot be reached', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    vi.stubGlobal('fetch', async () => { throw new TypeError('Failed to fetch'); });
    await signOut();
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
    expect(window.location.pathname).toBe('/signin');
  });

  it('returns after sign-in only to addresses on this site', () => {
    expect(safeReturnTo('/explorer?kpis=complaints')).toBe('/explorer?kpis=complaints');
    expect(safeReturnTo(null)).toBe('/');
    expect(safeReturnTo('https://evil.example/')).toBe('/');
    expect(safeReturnTo('//evil.example/')).toBe('/');
    expect(safeReturnTo('/\\evil.example/')).toBe('/');
    expect(safeReturnTo('/signin?returnTo=%2F')).toBe('/');
  });
});
