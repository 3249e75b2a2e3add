import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request } from '../api/graphql-client.ts';
import { needsRefresh, parseSession, SESSION_KEY } from '../api/session.ts';

// The client's side of AUTH_CONTRACT.md: Bearer token from the stored session,
// refresh shortly before expiry, and /signin (returning afterwards) on UNAUTHENTICATED.
type Call = { url: string; headers: Record<string, string>; body: { query: string; variables: unknown } };

function stubFetch(answers: unknown[]): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, headers: init.headers as Record<string, string>, body: JSON.parse(String(init.body)) });
    const answer = answers.shift();
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  window.history.replaceState(null, '', '/');
});

describe('the API client', () => {
  it('sends no Authorization header without a session, and the Bearer token with one', async () => {
    const calls = stubFetch([{ data: { a: 1 } }, { data: { a: 2 } }]);
    expect(await request<{ a: number }, object>('{ a }', {})).toEqual({ a: 1 });
    expect(calls[0]!.headers.authorization).toBeUndefined();
    const expires = new Date(Date.now() + 10 * 60_000).toISOString();
    localStorage.setItem(SESSION_KEY, JSON.stringify({ accessToken: 'tok', refreshToken: 'ref', accessTokenExpiresAt: expires }));
    await request('{ a }', {});
    expect(calls[1]!.headers.authorization).toBe('Bearer tok');
    expect(calls[1]!.url).toBe('/graphql');
  });

  it('refreshes an access token about to expire before sending, and keeps the new session', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ accessToken: 'old', refreshToken: 'ref1', accessTokenExpiresAt: new Date(Date.now() + 10_000).toISOString() }));
    const fresh = { accessToken: 'new', refreshToken: 'ref2', accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString() };
    const calls = stubFetch([{ data: { refreshSession: fresh } }, { data: { a: 1 } }]);
    await request('{ a }', {});
    expect(calls[0]!.body.query).toContain('refreshSession');
    expect(calls[0]!.body.variables).toEqual({ refreshToken: 'ref1' });
    expect(calls[1]!.headers.authorization).toBe('Bearer new');
    expect(JSON.parse(localStorage.getItem(SESSION_KEY)!)).toEqual(fresh);
  });

  it('on UNAUTHENTICATED drops the session and opens /signin, to return to the page afterwards', async () => {
    window.history.replaceState(null, '', '/explorer?kpis=complaints');
    localStorage.setItem(SESSION_KEY, JSON.stringify({ accessToken: 'tok', refreshToken: 'ref', accessTokenExpiresAt: new Date(Date.now() + 600_000).toISOString() }));
    stubFetch([{ errors: [{ message: 'Sign in again: the token has expired.', extensions: { code: 'UNAUTHENTICATED' } }] }]);
    const failure = await request('{ a }', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).message).toBe('Sign in again: the token has expired.');
    expect(window.location.pathname).toBe('/signin');
    expect(new URLSearchParams(window.location.search).get('returnTo')).toBe('/explorer?kpis=complaints');
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
  });

  it('passes other errors on with the API\'s message and code', async () => {
    stubFetch([{ errors: [{ message: 'kpis: at most 5000 rows', extensions: { code: 'BAD_USER_INPUT' } }] }]);
    await expect(request('{ a }', {})).rejects.toMatchObject({ message: 'kpis: at most 5000 rows', code: 'BAD_USER_INPUT' });
    expect(window.location.pathname).toBe('/');
  });

  it('reads only well-formed sessions, and knows when one needs refreshing', () => {
    expect(parseSession(null)).toBeNull();
    expect(parseSession('not json')).toBeNull();
    expect(parseSession('{"accessToken":"a"}')).toBeNull();
    const session = { accessToken: 'a', refreshToken: 'r', accessTokenExpiresAt: '2026-01-01T00:15:00Z' };
    expect(parseSession(JSON.stringify(session))).toEqual(session);
    expect(needsRefresh(session, Date.parse('2026-01-01T00:13:00Z'))).toBe(false);
    expect(needsRefresh(session, Date.parse('2026-01-01T00:14:30Z'))).toBe(true);
  });
});

describe('refreshing the session', () => {
  const soon = () => new Date(Date.now() + 10_000).toISOString();
  const later = () => new Date(Date.now() + 900_000).toISOString();

  it('keeps the session when the refresh cannot reach the server', async () => {
    const stored = { accessToken: 'old', refreshToken: 'ref1', accessTokenExpiresAt: soon() };
    localStorage.setItem(SESSION_KEY, JSON.stringify(stored));
    let calls = 0;
    vi.stubGlobal('fetch', async () => {
      calls += 1;
      if (calls === 1) throw new TypeError('Failed to fetch');
      return new Response(JSON.stringify({ data: { a: 1 } }), { status: 200 });
    });
    expect(await request('{ a }', {})).toEqual({ a: 1 });
    expect(JSON.parse(localStorage.getItem(SESSION_KEY)!)).toEqual(stored);
  });

  it('takes the session another tab stored when its own refresh token was already spent', async () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ accessToken: 'old', refreshToken: 'ref1', accessTokenExpiresAt: soon() }));
    const otherTab = { accessToken: 'tab2', refreshToken: 'ref2', accessTokenExpiresAt: later() };
    const seen: (string | undefined)[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      seen.push(headers.authorization);
      if (String(init.body).includes('refreshSession')) {
        localStorage.setItem(SESSION_KEY, JSON.stringify(otherTab)); // the other tab won the race
        return new Response(JSON.stringify({ errors: [{ message: 'Your session has ended: sign in again.', extensions: { code: 'UNAUTHENTICATED' } }] }), { status: 401 });
      }
      return new Response(JSON.stringify({ data: { a: 1 } }), { status: 200 });
    });
    expect(await request('{ a }', {})).toEqual({ a: 1 });
    expect(seen[1]).toBe('Bearer tab2');
    expect(JSON.parse(localStorage.getItem(SESSION_KEY)!)).toEqual(otherTab);
  });

  it('drops a session whose refresh is refused', async () => {
    window.history.replaceState(null, '', '/resolution');
    localStorage.setItem(SESSION_KEY, JSON.stringify({ accessToken: 'old', refreshToken: 'ref1', accessTokenExpiresAt: soon() }));
    const answers = [
      { errors: [{ message: 'Your session has ended: sign in again.', extensions: { code: 'UNAUTHENTICATED' } }] },
      { errors: [{ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }] },
    ];
    const seen: (string | undefined)[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      seen.push((init.headers as Record<string, string>).authorization);
      return new Response(JSON.stringify(answers.shift()), { status: 401 });
    });
    await expect(request('{ a }', {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(seen).toEqual([undefined, undefined]);
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
    expect(window.location.pathname).toBe('/signin');
  });
});
