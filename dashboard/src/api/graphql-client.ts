// The one way the dashboard talks to the API: POST /graphql with the session's
// Bearer token when there is one. UNAUTHENTICATED sends the user to /signin
// (returning afterwards); other errors carry the API's own message.
import { RefreshSessionMutation } from '../queries/auth.query.ts';
import { navigate } from '../state/router.ts';
import { needsRefresh, readSession, writeSession, type Session } from './session.ts';

export const GRAPHQL_ENDPOINT = '/graphql';

/** A typed document (the codegen client preset's string mode) or a plain query string. */
export type Document<TData, TVariables> = { toString(): string; __apiType?: (variables: TVariables) => TData } | string;

export class ApiError extends Error {
  constructor(message: string, readonly code: string | undefined, readonly status: number) {
    super(message);
    this.name = 'ApiError';
  }
}

type GraphQLResponse<T> = { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };

let refreshing: Promise<Session | null> | null = null;

/**
 * Runs a refresh while holding a lock shared by this site's tabs (Web Locks),
 * so two tabs never spend the same single-use refresh token; without the API
 * (old browsers, tests) it just runs.
 */
function withRefreshLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? locks.request('clearline.session-refresh', run) : run();
}

async function refresh(): Promise<Session | null> {
  // Read again inside the lock: another tab may have refreshed meanwhile.
  const session = readSession();
  if (!session || !needsRefresh(session)) return session;
  try {
    // Sent without the (expiring) access token: refreshSession is public.
    const result = await post<{ refreshSession: Session }>(RefreshSessionMutation.toString(), { refreshToken: session.refreshToken }, undefined, null);
    writeSession(result.refreshSession);
    return result.refreshSession;
  } catch (error) {
    // A network failure signs nobody out: the request goes on with the
    // current token (and fails or succeeds on its own).
    if (!(error instanceof ApiError) || error.code !== 'UNAUTHENTICATED') return session;
    // Refused: unless another tab has stored a newer session, it has ended.
    const latest = readSession();
    if (latest && latest.refreshToken !== session.refreshToken) return latest;
    writeSession(null);
    return null;
  }
}

async function freshSession(): Promise<Session | null> {
  const session = readSession();
  if (!session || !needsRefresh(session)) return session;
  refreshing ??= withRefreshLock(refresh).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function post<TData>(query: string, variables: unknown, signal: AbortSignal | undefined, session: Session | null): Promise<TData> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  if (session) headers.authorization = `Bearer ${session.accessToken}`;
  let response: Response;
  try {
    response = await fetch(GRAPHQL_ENDPOINT, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(`The server did not answer (${(error as Error).message}).`, 'NETWORK', 0);
  }
  let body: GraphQLResponse<TData>;
  try {
    body = (await response.json()) as GraphQLResponse<TData>;
  } catch {
    throw new ApiError(`The server answered ${response.status} ${response.statusText} without a GraphQL result.`, 'BAD_RESPONSE', response.status);
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code, response.status);
  if (!body.data) throw new ApiError('The server answered without data.', 'BAD_RESPONSE', response.status);
  return body.data;
}

/** Sends the user to the sign-in page, to come back to where they were. */
export function redirectToSignIn(): void {
  if (window.location.pathname === '/signin') return;
  const returnTo = window.location.pathname + window.location.search;
  navigate(`/signin?returnTo=${encodeURIComponent(returnTo)}`, { replace: true });
}

export function request<TData, TVariables>(document: Document<TData, TVariables>, variables: TVariables, signal?: AbortSignal): Promise<TData> {
  // Sent in this very call unless the session needs refreshing first: the
  // boot's requests (boot-requests.ts) must not wait for the rest of the
  // dashboard's scripts to run, as an await here would make them.
  const session = readSession();
  const answer = session && needsRefresh(session)
    ? freshSession().then((fresh) => post<TData>(document.toString(), variables, signal, fresh))
    : post<TData>(document.toString(), variables, signal, session);
  return answer.catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
      writeSession(null);
      redirectToSignIn();
    }
    throw error;
  });
}
