import { request } from '../api/graphql-client.ts';
import { readSession, writeSession } from '../api/session.ts';
import { clearQueryCache } from '../api/useQuery.ts';
import { SignInMutation, SignOutMutation } from '../queries/auth.query.ts';
import { navigate } from '../state/router.ts';

/** Signs in and keeps the session; the remembered results of any earlier user are dropped. */
export async function signIn(username: string, password: string): Promise<void> {
  const { signIn: session } = await request(SignInMutation, { username, password });
  clearQueryCache();
  writeSession(session);
}

/**
 * Ends the session on the server (its refresh token stops working), forgets it
 * here and opens the sign-in page. A server that cannot be reached does not
 * keep the user signed in on this browser.
 */
export async function signOut(): Promise<void> {
  const session = readSession();
  writeSession(null);
  clearQueryCache();
  if (session) await request(SignOutMutation, { refreshToken: session.refreshToken }).catch(() => false);
  navigate('/signin');
}
